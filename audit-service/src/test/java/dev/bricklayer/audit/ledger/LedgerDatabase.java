package dev.bricklayer.audit.ledger;

import java.time.Clock;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.testsupport.EmbeddedPostgres;

/** A new database with audit-service's schema, and the ledger and trail over it. */
record LedgerDatabase(String url, JdbcTemplate jdbc, AuditLedger ledger, AuditTrail trail) {

    static LedgerDatabase create(String prefix, ObjectMapper mapper, Clock clock) {
        String url = EmbeddedPostgres.newDatabase(prefix);
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "postgres", "postgres");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        return new LedgerDatabase(url, jdbc, new AuditLedger(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                mapper, clock), new AuditTrail(jdbc, mapper));
    }
}
