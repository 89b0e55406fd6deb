package dev.bricklayer.audit;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.core.task.TaskExecutor;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.audit.config.AuditProperties;
import dev.bricklayer.audit.ledger.AuditLedger;
import dev.bricklayer.audit.ledger.AuditTrail;
import dev.bricklayer.audit.publishing.AuditLogPublisher;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.web.ApiSecurity;

/**
 * Wires the ledger, the trail and the log publisher, and guards the API: bearer tokens ({@code bricklayer.api.*}) with
 * the compliance reader role.
 */
@Configuration
@EnableWebFluxSecurity
public class AuditConfiguration {

    @Bean
    AuditLedger auditLedger(JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper mapper, Clock clock) {
        return new AuditLedger(jdbc, transactions, mapper, clock);
    }

    @Bean
    AuditTrail auditTrail(JdbcTemplate jdbc, ObjectMapper mapper) {
        return new AuditTrail(jdbc, mapper);
    }

    /** On Spring Boot's task executor, which finishes the run under way when the service stops ({@code spring.task.execution.shutdown.*}). */
    @Bean
    AuditLogPublisher auditLogPublisher(AuditLedger ledger, EventPublisher events,
                                        @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) TaskExecutor executor,
                                        AuditProperties properties) {
        return new AuditLogPublisher(ledger, events, executor, properties);
    }

    @Bean
    SecurityWebFilterChain auditSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder, AuditProperties properties) {
        return ApiSecurity.chain(http, decoder, exchanges -> exchanges
                .pathMatchers(HttpMethod.GET, "/api/v1/audit/**", "/api/v1/audit").hasAuthority(properties.readerRole()));
    }
}
