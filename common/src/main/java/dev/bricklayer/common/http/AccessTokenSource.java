package dev.bricklayer.common.http;

import reactor.core.publisher.Mono;

/**
 * Supplies bearer tokens for a scope. Implementations cache tokens and refresh them before they expire,
 * so callers may ask for a token on every request.
 */
public interface AccessTokenSource {

    /** Scope of Azure Resource Manager. */
    String ARM_SCOPE = "https://management.azure.com/.default";

    /** Scope of the Azure Databricks first-party application ("AzureDatabricks"). */
    String DATABRICKS_SCOPE = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";

    /** Scope of Azure service management, used for the {@code X-Databricks-Azure-SP-Management-Token} header. */
    String SERVICE_MANAGEMENT_SCOPE = "https://management.core.windows.net//.default";

    /** A valid access token for {@code scope}; never logged, never put in an event. */
    Mono<String> token(String scope);

    /** The client (application) id the tokens are issued to; safe to record in audit records. */
    String principal();
}
