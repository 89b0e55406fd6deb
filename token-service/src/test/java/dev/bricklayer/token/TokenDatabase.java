package dev.bricklayer.token;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.bricklayer.testsupport.EmbeddedPostgres;

/** token-service's schema on a new embedded database, migrated by the service's own Flyway scripts, for store tests. */
public final class TokenDatabase {

    private TokenDatabase() {
    }

    /** A pool of up to {@code connections} on a new database {@code name}, its connections in the service's schema. */
    public static HikariDataSource pool(String name, int connections) {
        String url = EmbeddedPostgres.newDatabase(name);
        try (SingleConnectionDataSource migration = new SingleConnectionDataSource(url, "postgres", "postgres", true)) {
            Flyway.configure().dataSource(migration).schemas("token_service").defaultSchema("token_service").load().migrate();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setConnectionInitSql("set search_path to token_service");
        config.setMaximumPoolSize(connections);
        return new HikariDataSource(config);
    }
}
