package dev.bricklayer.workspace.onboarding;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** The durable state of workspace-service, in PostgreSQL ({@code workspaces}, created by Flyway). */
public class WorkspaceStore {

    private static final String COLUMNS = "workspace_name, request_id, request::text, request_hash, blueprint, desired_state::text, "
            + "status, deployment_name, status_url, resource_id, workspace_id, workspace_url, error_code, error_message, "
            + "secured, identity, tokens, created_at, updated_at, deployed_at, secured_at, identity_at, tokens_at, arm_options::text, "
            + "metastore, metastore_id, metastore_at, put_sent_at";

    private final JdbcTemplate jdbc;

    public WorkspaceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<WorkspaceRecord> find(String workspaceName) {
        return jdbc.query("select " + COLUMNS + " from workspaces where workspace_name = ?", WorkspaceStore::row, workspaceName)
                .stream().findFirst();
    }

    public List<WorkspaceRecord> all() {
        return jdbc.query("select " + COLUMNS + " from workspaces order by workspace_name", WorkspaceStore::row);
    }

    /** Workspaces whose deployment has not ended: followed by one instance, or to be taken over. */
    public List<String> provisioning() {
        return jdbc.queryForList("select workspace_name from workspaces where status = 'PROVISIONING' order by updated_at", String.class);
    }

    /** Records a (new or changed) request: the workspace is provisioning again, its steps start over. */
    public void startProvisioning(String workspaceName, String requestId, String request, String requestHash, String blueprint,
                                  String desiredState, String armOptions, String deploymentName) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("""
                insert into workspaces (workspace_name, request_id, request, request_hash, blueprint, desired_state, arm_options,
                                        status, deployment_name, created_at, updated_at)
                values (?, ?, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb, 'PROVISIONING', ?, ?, ?)
                on conflict (workspace_name) do update set request_id = excluded.request_id, request = excluded.request,
                    request_hash = excluded.request_hash, blueprint = excluded.blueprint, desired_state = excluded.desired_state,
                    arm_options = excluded.arm_options, status = 'PROVISIONING', deployment_name = excluded.deployment_name,
                    status_url = null, put_sent_at = null, error_code = null, error_message = null, metastore = null, metastore_id = null,
                    metastore_at = null, secured = null, identity = null, tokens = null, deployed_at = null, secured_at = null,
                    identity_at = null, tokens_at = null, updated_at = excluded.updated_at
                """, workspaceName, requestId, request, requestHash, blueprint, desiredState, armOptions, deploymentName, now, now);
    }

    /*
     * The steps of one deployment are recorded only while the row still describes it (PROVISIONING, that deployment's
     * name): a deployment superseded by a newer request, or ended by another instance, records nothing.
     */

    /** The deployment's PUT is about to be sent: from now on it may have been accepted. */
    public void putSent(String workspaceName, String deploymentName) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("update workspaces set put_sent_at = ?, updated_at = ? where workspace_name = ? and deployment_name = ? "
                + "and status = 'PROVISIONING'", now, now, workspaceName, deploymentName);
    }

    public void deploymentStarted(String workspaceName, String deploymentName, String statusUrl) {
        jdbc.update("update workspaces set status_url = ?, updated_at = ? where workspace_name = ? and deployment_name = ? "
                + "and status = 'PROVISIONING'", statusUrl, Timestamp.from(Instant.now()), workspaceName, deploymentName);
    }

    /** The deployment succeeded: where the workspace is. It stays PROVISIONING until the metastore step is done. */
    public void deployed(String workspaceName, String deploymentName, String resourceId, String workspaceId, String workspaceUrl) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("update workspaces set resource_id = ?, workspace_id = ?, workspace_url = ?, deployed_at = ?, updated_at = ? "
                + "where workspace_name = ? and deployment_name = ? and status = 'PROVISIONING'", resourceId, workspaceId,
                workspaceUrl, now, now, workspaceName, deploymentName);
    }

    /** The metastore step: {@code IN_PROGRESS}, {@code DONE}, {@code NOT_NEEDED} or {@code FAILED: code}, and the metastore. */
    public void metastore(String workspaceName, String deploymentName, String state, String metastoreId) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("update workspaces set metastore = ?, metastore_id = ?, metastore_at = ?, updated_at = ? where workspace_name = ? "
                + "and deployment_name = ? and status = 'PROVISIONING'", state, metastoreId, "IN_PROGRESS".equals(state) ? null : now,
                now, workspaceName, deploymentName);
    }

    /**
     * The workspace is deployed ({@link #deployed}) and its metastore step done: it is READY. True when this call made it
     * so — only then is it announced ({@code WorkspaceReady} once, whichever instances saw the deployment end).
     */
    public boolean ready(String workspaceName, String deploymentName) {
        return jdbc.update("update workspaces set status = 'READY', updated_at = ? where workspace_name = ? and deployment_name = ? "
                + "and status = 'PROVISIONING'", Timestamp.from(Instant.now()), workspaceName, deploymentName) == 1;
    }

    /** The deployment (or its metastore step) failed; true when this call recorded it (it is announced once). */
    public boolean deploymentFailed(String workspaceName, String deploymentName, String code, String message) {
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.update("update workspaces set status = 'FAILED', error_code = ?, error_message = ?, deployed_at = coalesce(deployed_at, ?), "
                + "updated_at = ? where workspace_name = ? and deployment_name = ? and status = 'PROVISIONING'", code, message, now, now,
                workspaceName, deploymentName) == 1;
    }

    public void failed(String workspaceName, String code, String message) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("update workspaces set status = 'FAILED', error_code = ?, error_message = ?, deployed_at = coalesce(deployed_at, ?), "
                + "updated_at = ? where workspace_name = ?", code, message, now, now, workspaceName);
    }

    public void status(String workspaceName, String status) {
        jdbc.update("update workspaces set status = ?, updated_at = ? where workspace_name = ?", status,
                Timestamp.from(Instant.now()), workspaceName);
    }

    /** A completion step ({@code secured}, {@code identity}, {@code tokens}) reported by another service. */
    public void step(String workspaceName, String step, String outcome) {
        if (!List.of("secured", "identity", "tokens").contains(step)) {
            throw new IllegalArgumentException("unknown step " + step);
        }
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("update workspaces set " + step + " = ?, " + step + "_at = ?, updated_at = ? where workspace_name = ?", outcome,
                now, now, workspaceName);
    }

    /** Moves READY to ONBOARDED once every step is done; true when this call did it. */
    public boolean onboardedIfComplete(String workspaceName) {
        return jdbc.update("update workspaces set status = 'ONBOARDED', updated_at = ? where workspace_name = ? and status = 'READY' "
                + "and secured = 'DONE' and identity = 'DONE' and tokens = 'DONE'", Timestamp.from(Instant.now()), workspaceName) == 1;
    }

    private static WorkspaceRecord row(ResultSet rs, int index) throws SQLException {
        return new WorkspaceRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17),
                rs.getTimestamp(18).toInstant(), rs.getTimestamp(19).toInstant(), instant(rs, 20), instant(rs, 21),
                instant(rs, 22), instant(rs, 23), rs.getString(24), rs.getString(25), rs.getString(26), instant(rs, 27),
                instant(rs, 28));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
