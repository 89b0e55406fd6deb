package dev.bricklayer.workspace.metastore;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.IdentityScope;
import dev.bricklayer.common.events.workspace.UnityCatalogSpec;
import dev.bricklayer.common.http.ApiException;
import reactor.core.publisher.Mono;

/**
 * The metastore step of onboarding: a workspace in the account identity scope, or with Unity Catalog catalogs, has its
 * region's Unity Catalog metastore before it is announced ready (reference §7.4, §7.7: the metastore is what makes a
 * workspace identity-federated). Read, compare, converge:
 * <ol>
 *   <li>{@code GET …/workspaces/{id}/metastore} — Azure assigns the region's metastore to new workspaces (since November
 *       2023): found, it is kept (its default catalog set with one {@code PUT} only when the blueprint names another);</li>
 *   <li>none (404): {@code GET …/metastores}, the one whose {@code region} is the workspace's, and
 *       {@code POST …/workspaces/{id}/metastores/{metastore}};</li>
 *   <li>no metastore in the region: the step fails naming the region and the account — never a workspace without the
 *       federation its blueprint asks for.</li>
 * </ol>
 */
public class MetastoreAssignment {

    /** The failure code of a region without a metastore. */
    public static final String NO_METASTORE = "NoMetastoreInRegion";

    private static final Logger log = LoggerFactory.getLogger(MetastoreAssignment.class);

    private final AccountMetastoresClient metastores;

    public MetastoreAssignment(AccountMetastoresClient metastores) {
        this.metastores = metastores;
    }

    /** How the step ended. */
    public sealed interface Outcome permits Assigned, Failed {
    }

    /**
     * The workspace has the metastore.
     *
     * @param metastoreId  its id
     * @param byBricklayer whether this step assigned it (else Azure, or an earlier run, had)
     */
    public record Assigned(String metastoreId, boolean byBricklayer) implements Outcome {
    }

    /** It has none: the API's error code and message, or {@value #NO_METASTORE}. */
    public record Failed(String code, String message) implements Outcome {
    }

    /** Whether a workspace with this desired state needs a metastore: the account scope, or Unity Catalog. */
    public static boolean needed(DesiredState state) {
        return state.identityScope() == IdentityScope.ACCOUNT || state.unityCatalog() != null;
    }

    /** Makes sure the workspace {@code workspaceId} (in {@code region}) has its region's metastore. */
    public Mono<Outcome> ensure(String workspaceName, String workspaceId, String region, UnityCatalogSpec unityCatalog) {
        String defaultCatalog = unityCatalog == null ? null : unityCatalog.defaultCatalog();
        return Mono.defer(() -> metastores.assignment(workspaceId, workspaceName))
                .flatMap(found -> found.isPresent()
                        ? keep(workspaceName, workspaceId, found.get(), defaultCatalog)
                        : assign(workspaceName, workspaceId, region, defaultCatalog))
                .onErrorResume(ApiException.class, e -> Mono.just(new Failed(e.errorCode() != null ? e.errorCode()
                        : "HTTP_" + e.status(), e.serverMessage() != null && !e.serverMessage().isBlank() ? e.serverMessage() : e.getMessage())))
                .onErrorResume(IllegalStateException.class, e -> Mono.just(new Failed("AccountNotConfigured", e.getMessage())));
    }

    /** The metastore of {@code region} the account has, read only (for a plan). */
    public Mono<Optional<AccountMetastoresClient.Metastore>> ofRegion(String region, String workspaceName) {
        return Mono.defer(() -> metastores.list(workspaceName)).map(all -> inRegion(all, region));
    }

    private Mono<Outcome> keep(String workspaceName, String workspaceId, AccountMetastoresClient.Assignment assignment,
                               String defaultCatalog) {
        if (defaultCatalog == null || defaultCatalog.equals(assignment.defaultCatalogName())) {
            log.info("Workspace {} has metastore {} already", workspaceName, assignment.metastoreId());
            return Mono.just(new Assigned(assignment.metastoreId(), false));
        }
        log.info("Workspace {} has metastore {}; its default catalog becomes {}", workspaceName, assignment.metastoreId(), defaultCatalog);
        return metastores.updateDefaultCatalog(workspaceId, assignment.metastoreId(), defaultCatalog, workspaceName)
                .thenReturn(new Assigned(assignment.metastoreId(), false));
    }

    private Mono<Outcome> assign(String workspaceName, String workspaceId, String region, String defaultCatalog) {
        return metastores.list(workspaceName).flatMap(all -> {
            Optional<AccountMetastoresClient.Metastore> metastore = inRegion(all, region);
            if (metastore.isEmpty()) {
                return Mono.just(new Failed(NO_METASTORE, noMetastore(region, all)));
            }
            String id = metastore.get().metastoreId();
            log.info("Workspace {} has no metastore: assigning {} ({}) of region {}", workspaceName, id, metastore.get().name(), region);
            return metastores.assign(workspaceId, id, defaultCatalog, workspaceName).thenReturn((Outcome) new Assigned(id, true));
        });
    }

    /** The account's metastore of a region; regions compare as ARM compares locations (case and spaces do not count). */
    static Optional<AccountMetastoresClient.Metastore> inRegion(List<AccountMetastoresClient.Metastore> metastores, String region) {
        return metastores.stream().filter(m -> m.region() != null && normal(m.region()).equals(normal(region))).findFirst();
    }

    private static String noMetastore(String region, List<AccountMetastoresClient.Metastore> all) {
        List<String> regions = all.stream().map(m -> normal(String.valueOf(m.region()))).distinct().sorted().toList();
        return "The Azure Databricks account has no Unity Catalog metastore in region " + normal(region) + " (it has "
                + (regions.isEmpty() ? "none" : "metastores in " + String.join(", ", regions)) + "); the workspace's blueprint "
                + "needs one (identity scope account or Unity Catalog): create one for the region, then request the workspace again";
    }

    private static String normal(String region) {
        return region.replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
