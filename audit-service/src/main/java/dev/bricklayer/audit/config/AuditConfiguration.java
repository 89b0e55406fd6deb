package dev.bricklayer.audit.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.audit.ledger.AuditLedger;
import dev.bricklayer.common.web.ApiSecurity;

/** Wires the ledger, and guards the API: bearer tokens ({@code bricklayer.api.*}) with the compliance reader role. */
@Configuration
@EnableWebFluxSecurity
public class AuditConfiguration {

    @Bean
    AuditLedger auditLedger(JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper mapper) {
        return new AuditLedger(jdbc, transactions, mapper);
    }

    @Bean
    SecurityWebFilterChain auditSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder, AuditProperties properties) {
        return ApiSecurity.chain(http, decoder, exchanges -> exchanges
                .pathMatchers(HttpMethod.GET, "/api/v1/audit/**", "/api/v1/audit").hasAuthority(properties.readerRole()));
    }
}
