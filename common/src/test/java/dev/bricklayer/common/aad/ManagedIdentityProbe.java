package dev.bricklayer.common.aad;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.bricklayer.common.aad.AadProperties.Credential;
import dev.bricklayer.common.aad.MsalAccessTokenSourceTest.RecordingAuditSink;
import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.http.AccessTokenSource;

/**
 * Runs in a JVM of its own whose environment is a managed identity host's ({@code IDENTITY_ENDPOINT} and
 * {@code IDENTITY_HEADER}, or {@code AZURE_POD_IDENTITY_AUTHORITY_HOST} for IMDS): MSAL4J reads the environment
 * itself, and a JVM's environment cannot be changed. Asks a {@link ManagedIdentityAccessTokenSource} for an ARM token
 * twice and a Databricks token once, audited, with every log at TRACE on the console, and prints what it got and the
 * audit records as one line {@value #RESULT} JSON.
 *
 * <p>Arguments: trust store, its password, the user-assigned client id or {@code -} for system-assigned.
 */
public final class ManagedIdentityProbe {

    static final String RESULT = "PROBE-RESULT ";

    private ManagedIdentityProbe() {
    }

    public static void main(String[] args) {
        ((Logger) LoggerFactory.getLogger("com.microsoft.aad.msal4j")).setLevel(Level.TRACE);
        ((Logger) LoggerFactory.getLogger("dev.bricklayer")).setLevel(Level.TRACE);
        AadProperties.ManagedIdentity identity = "-".equals(args[2]) ? null : new AadProperties.ManagedIdentity(args[2]);
        AadProperties properties = new AadProperties(null, null, null, Credential.MANAGED_IDENTITY, null, null, null,
                identity, Duration.ofSeconds(40), Duration.ofSeconds(5));
        RecordingAuditSink audit = new RecordingAuditSink();
        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode();
        try (ManagedIdentityAccessTokenSource source = new ManagedIdentityAccessTokenSource(properties,
                AadTestServer.trusting(Path.of(args[0]), args[1]), Clock.systemUTC(), null, audit, "token-service")) {
            result.put("principal", source.principal());
            ArrayNode tokens = result.putArray("tokens");
            tokens.add(source.token(AccessTokenSource.ARM_SCOPE).block(Duration.ofSeconds(30)));
            tokens.add(source.token(AccessTokenSource.ARM_SCOPE).block(Duration.ofSeconds(30)));
            tokens.add(source.token(AccessTokenSource.DATABRICKS_SCOPE).block(Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            result.put("error", e.getClass().getName() + ": " + e.getMessage());
        }
        ArrayNode started = result.putArray("started");
        for (ApiCallStarted record : audit.of(ApiCallStarted.class)) {
            started.addObject().put("api", record.api()).put("service", record.service())
                    .put("principal", record.principal()).put("method", record.method()).put("host", record.host())
                    .put("path", record.path()).put("callId", record.callId());
        }
        ArrayNode completed = result.putArray("completed");
        for (ApiCallCompleted record : audit.of(ApiCallCompleted.class)) {
            completed.addObject().put("callId", record.callId()).put("status", record.status())
                    .put("outcome", record.outcome());
        }
        ArrayNode records = result.putArray("records");
        audit.records.forEach(record -> records.add(record.toString()));
        System.out.println(RESULT + result);
        System.exit(0);
    }
}
