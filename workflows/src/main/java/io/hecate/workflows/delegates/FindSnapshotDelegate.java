package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.ssh.CommandResult;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * The snapshot to restore: {@code --snapshot} when given, else the newest in the snapshot directory of the
 * restore node ({@code startup.etcd_restore_control_plane}, default the first control plane). None: BpmnError
 * {@link #NO_SNAPSHOT}.
 */
@ProcessVariables(FindSnapshotDelegate.SNAPSHOT)
public final class FindSnapshotDelegate implements JavaDelegate {

    public static final String SNAPSHOT = "snapshot";
    public static final String NO_SNAPSHOT = "NoSnapshot";

    private final WorkflowContext context;

    public FindSnapshotDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        String node = restoreNode(context);
        Object given = execution.getVariable(SNAPSHOT);
        if (given != null && !given.toString().isBlank()) {
            stage.record("restoring " + given + " on " + node + " (--snapshot)");
            return;
        }
        if (!stage.execute()) {
            stage.record("would restore the newest snapshot of " + NodeCommands.SNAPSHOT_DIR + " on " + node);
            execution.setVariable(SNAPSHOT, NodeCommands.SNAPSHOT_DIR + "/<newest>");
            return;
        }
        try {
            CommandResult result = context.shell(stage).run(node, NodeCommands.LIST_SNAPSHOTS, context.config().ssh().commandTimeout());
            String newest = result.ok() ? result.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null)
                    : null;
            if (newest == null) {
                stage.warn("no etcd snapshot on " + node + (result.ok() ? "" : ": " + result.stderr().strip()));
                throw new BpmnError(NO_SNAPSHOT, "no etcd snapshot on " + node);
            }
            String path = newest.startsWith("/") ? newest : NodeCommands.SNAPSHOT_DIR + "/" + newest;
            execution.setVariable(SNAPSHOT, path);
            stage.record("newest snapshot on " + node + ": " + path);
        } catch (ConnectorException e) {
            stage.warn("cannot list snapshots on " + node + ": " + e.getMessage());
            throw new BpmnError(NO_SNAPSHOT, "cannot list snapshots on " + node);
        }
    }

    /** {@code startup.etcd_restore_control_plane}, default the first control plane. */
    public static String restoreNode(WorkflowContext context) {
        String configured = context.config().startup().etcdRestoreControlPlane();
        return configured == null || configured.isBlank() ? context.config().nodes().controlPlanes().get(0) : configured;
    }
}
