package dev.bricklayer.emulator.account;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.server.AccountFilter;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.RequestContext;
import dev.bricklayer.emulator.workspace.WorkspaceAuthentication;
import reactor.core.publisher.Mono;

/**
 * What every request to the account host passes, but the unauthenticated {@code /.well-known/databricks-config}:
 * <ol>
 *   <li>{@code Authorization: Bearer}: none is 401; a personal access token ({@code dapi…}) is refused with
 *       {@code emulator.accounts.pat-status} (401: "you cannot use Azure Databricks personal access tokens", the status
 *       [K] reference §7.1); an Entra ID token must be the emulator's, for the Azure Databricks resource, unexpired
 *       (401);</li>
 *   <li>the account in the path ({@code /api/2.0/accounts/{id}/…}, {@code /api/2.0/preview/accounts/{id}/…},
 *       {@code /api/2.0/identity/accounts/{id}/…}): unknown is 404, another tenant's is refused as for a non-admin;</li>
 *   <li>the caller must be an account admin ({@link Account#isAdmin}), else {@code emulator.accounts.non-admin-status}
 *       (403 {@code PERMISSION_DENIED}, [K] reference §7.1).</li>
 * </ol>
 * It leaves an {@link AccountCall} for the handler.
 */
@Component
class AccountGate implements AccountFilter {

    static final Pattern ACCOUNT_PATH = Pattern.compile("^/api/2\\.0/(?:preview/|identity/)?accounts/(?<account>[^/]+)(?:/.*)?$");
    static final String WELL_KNOWN = "/.well-known/databricks-config";

    private final TokenIssuer issuer;
    private final Accounts accounts;
    private final EmulatorProperties.Accounts settings;

    AccountGate(TokenIssuer issuer, Accounts accounts, EmulatorProperties properties) {
        this.issuer = issuer;
        this.accounts = accounts;
        this.settings = properties.accounts();
    }

    @Override
    public int getOrder() {
        return AUTHENTICATION;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (WELL_KNOWN.equals(path)) {
            return chain.filter(exchange);
        }
        TokenIssuer.Verified caller = authenticate(exchange.getRequest().getHeaders());
        exchange.getAttributes().put(RequestContext.PRINCIPAL, caller.appId());
        Matcher match = ACCOUNT_PATH.matcher(path);
        if (!match.matches()) {
            return chain.filter(exchange); // no account API: the router answers 404 ENDPOINT_NOT_FOUND
        }
        Account account = accounts.require(match.group("account"));
        if (!account.tenantId().equalsIgnoreCase(caller.tenantId()) || !account.isAdmin(caller.appId())) {
            throw EmulatorException.databricks(settings.nonAdminStatus(), "PERMISSION_DENIED", "Application "
                    + caller.appId() + " is not an account admin of account " + account.id() + ".");
        }
        exchange.getAttributes().put(AccountCall.ATTRIBUTE, new AccountCall(account, caller.appId(), caller.tenantId()));
        return chain.filter(exchange);
    }

    private TokenIssuer.Verified authenticate(HttpHeaders headers) {
        String authorization = Optional.ofNullable(headers.getFirst(HttpHeaders.AUTHORIZATION)).orElse("");
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw EmulatorException.databricks(401, "401", "Credential was not sent or was of an unsupported type for this API.");
        }
        String token = authorization.substring(7).trim();
        if (token.startsWith("dapi")) {
            int status = settings.patStatus();
            throw EmulatorException.databricks(status, status == 401 ? "UNAUTHENTICATED" : "PERMISSION_DENIED",
                    "Personal access tokens cannot be used with the account API: use a Microsoft Entra ID token of an "
                            + "account admin.");
        }
        TokenIssuer.Verified verified;
        try {
            verified = issuer.verify(token, TokenIssuer.DATABRICKS_RESOURCE);
        } catch (TokenIssuer.InvalidTokenException invalid) {
            throw EmulatorException.databricks(401, "401", "Invalid Token");
        }
        if (verified.expired()) {
            throw WorkspaceAuthentication.expired(verified.expiresAt());
        }
        return verified;
    }
}
