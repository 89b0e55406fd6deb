package dev.bricklayer.identity.datagrants;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.WorkspaceTarget;
import reactor.core.publisher.Mono;

/**
 * Unity Catalog grants through a workspace, {@code /api/2.1/unity-catalog/permissions/{securable_type}/{full_name}}
 * (reference §7.8.4): GET answers the direct grants (not the inherited ones), PATCH is a diff of privileges added and
 * removed per principal — a principal is an account group's display name, a user's e-mail or a service principal's
 * application id. A principal the account does not have is {@code PRINCIPAL_DOES_NOT_EXIST}.
 */
public class UnityCatalogPermissionsClient {

    private final ApiClientFactory clients;

    public UnityCatalogPermissionsClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** {@code GET /api/2.1/unity-catalog/permissions/{type}/{full_name}}: every direct grant. */
    public Mono<Grants> get(WorkspaceTarget workspace, String type, String fullName) {
        return clients.workspace(workspace).get().uri("/api/2.1/unity-catalog/permissions/{type}/{name}", type, fullName)
                .retrieve().bodyToMono(Grants.class);
    }

    /** {@code PATCH /api/2.1/unity-catalog/permissions/{type}/{full_name}} {@code {"changes": [{principal, add, remove}]}}. */
    public Mono<Grants> update(WorkspaceTarget workspace, String type, String fullName, List<Change> changes) {
        return clients.workspace(workspace).patch().uri("/api/2.1/unity-catalog/permissions/{type}/{name}", type, fullName)
                .bodyValue(new Changes(changes)).retrieve().bodyToMono(Grants.class);
    }

    /** One principal's change: privileges to add and to remove (never the same in both). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Change(String principal, List<String> add, List<String> remove) {

        public Change {
            add = add == null ? List.of() : List.copyOf(add);
            remove = remove == null ? List.of() : List.copyOf(remove);
        }
    }

    public record Changes(List<Change> changes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Grants(@JsonProperty("privilege_assignments") List<Assignment> assignments) {

        public Grants {
            assignments = assignments == null ? List.of() : assignments;
        }
    }

    /** One principal's direct privileges. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Assignment(String principal, List<String> privileges) {

        public Assignment {
            privileges = privileges == null ? List.of() : privileges;
        }
    }
}
