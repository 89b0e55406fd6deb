package dev.bricklayer.workspace.onboarding;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.IsolationMode;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.workspace.arm.ArmOptions;
import dev.bricklayer.workspace.arm.WorkspaceDeployment;
import dev.bricklayer.workspace.metastore.MetastoreAssignment;
import dev.bricklayer.workspace.request.WorkspaceRequestValidator;

/**
 * What a checked request would do, deploying nothing: its blueprint and resolved desired state, the identity scope, the
 * ARM deployment (api-version, options, template and parameters), the metastore step — which metastore of the account
 * the workspace gets (one read of the account's metastores; nothing is assigned) — and the Unity Catalog catalogs
 * security-service makes, with their isolation and this workspace's binding.
 */
public class WorkspacePlanner {

    private static final Duration ACCOUNT_READ_TIMEOUT = Duration.ofSeconds(30);

    private final MetastoreAssignment metastores;
    private final ObjectMapper mapper;

    public WorkspacePlanner(MetastoreAssignment metastores, ObjectMapper mapper) {
        this.metastores = metastores;
        this.mapper = mapper;
    }

    /** The plan of {@code request}, checked into {@code result}; blocks on the account read (a worker thread's job). */
    public Map<String, Object> plan(WorkspaceRequested request, WorkspaceRequestValidator.Result result) {
        DesiredState state = result.desiredState();
        WorkspaceDeployment deployment = WorkspaceDeployment.of(request, result.arm(), mapper);
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("blueprint", result.blueprint().reference());
        plan.put("identityScope", state.identityScope());
        plan.put("desiredState", state);
        plan.put("deploymentName", deployment.name());
        plan.put("arm", arm(result.arm(), deployment));
        plan.put("armTemplate", deployment.template());
        plan.put("armParameters", deployment.parameters());
        plan.put("metastore", metastore(request, state));
        plan.put("catalogs", state.catalogs().stream().map(WorkspacePlanner::catalog).toList());
        return plan;
    }

    private static Map<String, Object> arm(ArmOptions options, WorkspaceDeployment deployment) {
        Map<String, Object> arm = new LinkedHashMap<>();
        arm.put("apiVersion", deployment.apiVersion());
        arm.put("computeMode", options.computeMode() == null ? "Hybrid (2024-05-01: no computeMode)" : options.computeMode().wire());
        arm.put("options", options);
        return arm;
    }

    private Map<String, Object> metastore(WorkspaceRequested request, DesiredState state) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("required", MetastoreAssignment.needed(state));
        if (!MetastoreAssignment.needed(state)) {
            step.put("action", "none: workspace identity scope without Unity Catalog");
            return step;
        }
        step.put("region", request.region());
        if (state.unityCatalog() != null && state.unityCatalog().defaultCatalog() != null) {
            step.put("defaultCatalog", state.unityCatalog().defaultCatalog());
        }
        try {
            metastores.ofRegion(request.region(), request.workspaceName()).block(ACCOUNT_READ_TIMEOUT).ifPresentOrElse(found -> {
                step.put("metastoreId", found.metastoreId());
                step.put("name", found.name());
                step.put("action", "assign it where Azure did not (read first: GET …/workspaces/{id}/metastore)");
            }, () -> step.put("problem", MetastoreAssignment.NO_METASTORE + ": the account has no metastore in region "
                    + request.region() + "; the deployment would fail at the metastore step"));
        } catch (ApiException | IllegalStateException e) {
            step.put("problem", "the account's metastores could not be read: " + e.getMessage());
        }
        return step;
    }

    private static Map<String, Object> catalog(CatalogSpec catalog) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", catalog.name());
        view.put("comment", catalog.comment());
        view.put("isolationMode", catalog.isolationMode());
        view.put("binding", catalog.isolationMode() == IsolationMode.ISOLATED ? catalog.binding()
                : "none: an OPEN catalog is readable from every workspace of the metastore");
        view.put("schemas", catalog.schemas());
        return view;
    }
}
