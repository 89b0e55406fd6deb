package dev.bricklayer.token.scim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.WorkspaceTarget;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The SCIM 2.0 reads token-service needs ({@code /api/2.0/preview/scim/v2/…}): every user and service principal
 * with only the attributes that decide whether a token's owner is active, and whether named groups and service
 * principals exist. Lists follow {@code startIndex}/{@code count} pages to {@code totalResults}.
 */
public class ScimClient {

    static final int PAGE = 10_000;

    private final ApiClientFactory clients;

    public ScimClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /**
     * A user or service principal, reduced to what owner checks need.
     *
     * @param id            SCIM id (the {@code owner_id} of its tokens)
     * @param name          {@code userName} of a user, {@code applicationId} of a service principal
     * @param active        {@code active} (absent counts as active)
     */
    public record Principal(String id, String name, boolean active) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Resource(@JsonProperty("id") String id, @JsonProperty("userName") String userName,
                    @JsonProperty("applicationId") String applicationId, @JsonProperty("displayName") String displayName,
                    @JsonProperty("active") Boolean active) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListResponse(@JsonProperty("totalResults") int totalResults, @JsonProperty("startIndex") int startIndex,
                        @JsonProperty("itemsPerPage") int itemsPerPage, @JsonProperty("Resources") List<Resource> resources) {

        List<Resource> page() {
            return resources == null ? List.of() : resources;
        }
    }

    /** GET {@code /Users?attributes=id,userName,active}, every page. */
    public Mono<List<Principal>> users(WorkspaceTarget workspace) {
        return all(workspace, "/api/2.0/preview/scim/v2/Users?attributes=id,userName,active&startIndex={startIndex}&count={count}")
                .map(r -> new Principal(r.id(), r.userName(), r.active() == null || r.active()))
                .collectList();
    }

    /** GET {@code /ServicePrincipals?attributes=id,applicationId,active}, every page. */
    public Mono<List<Principal>> servicePrincipals(WorkspaceTarget workspace) {
        return all(workspace, "/api/2.0/preview/scim/v2/ServicePrincipals?attributes=id,applicationId,active&startIndex={startIndex}&count={count}")
                .map(r -> new Principal(r.id(), r.applicationId(), r.active() == null || r.active()))
                .collectList();
    }

    /** GET {@code /Groups?filter=displayName eq "a" or …}: which of the named groups exist. */
    public Mono<Set<String>> existingGroups(WorkspaceTarget workspace, Collection<String> names) {
        if (names.isEmpty()) {
            return Mono.just(Set.of());
        }
        String filter = names.stream().map(n -> "displayName eq " + quoted(n)).collect(Collectors.joining(" or "));
        return clients.workspace(workspace).get()
                .uri("/api/2.0/preview/scim/v2/Groups?filter={filter}&attributes=displayName", filter)
                .retrieve().bodyToMono(ListResponse.class)
                .map(list -> list.page().stream().map(Resource::displayName).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** GET {@code /ServicePrincipals?filter=applicationId eq "…" or …}: which of the application ids exist. */
    public Mono<Set<String>> existingServicePrincipals(WorkspaceTarget workspace, Collection<String> applicationIds) {
        if (applicationIds.isEmpty()) {
            return Mono.just(Set.of());
        }
        String filter = applicationIds.stream().map(id -> "applicationId eq " + quoted(id)).collect(Collectors.joining(" or "));
        return clients.workspace(workspace).get()
                .uri("/api/2.0/preview/scim/v2/ServicePrincipals?filter={filter}&attributes=applicationId", filter)
                .retrieve().bodyToMono(ListResponse.class)
                .map(list -> list.page().stream().map(Resource::applicationId).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    private Flux<Resource> all(WorkspaceTarget workspace, String template) {
        return page(workspace, template, 1).expand(list -> {
            int next = list.startIndex() + list.page().size();
            return list.page().isEmpty() || next > list.totalResults() ? Mono.empty() : page(workspace, template, next);
        }).concatMapIterable(list -> new ArrayList<>(list.page()));
    }

    private Mono<ListResponse> page(WorkspaceTarget workspace, String template, int startIndex) {
        return clients.workspace(workspace).get()
                .uri(template, startIndex, PAGE)
                .retrieve().bodyToMono(ListResponse.class);
    }

    /** A SCIM filter string literal (RFC 7644 §3.4.2.2: JSON string rules). */
    static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
