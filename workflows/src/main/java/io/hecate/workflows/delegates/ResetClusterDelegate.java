package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.ssh.CommandResult;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Runs {@code k3s server --cluster-reset --cluster-reset-restore-path=<snapshot>} on the restore node and
 * waits for it to exit, bounded by {@code startup.api_timeout_seconds}. Failure: BpmnError {@link #RESET_FAILED}.
 */
public final class ResetClusterDelegate implements JavaDelegate {

    public static final String RESET_FAILED = "ResetFailed";

    private final WorkflowContext context;

    public ResetClusterDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        String node = FindSnapshotDelegate.restoreNode(context);
        String command = NodeCommands.clusterReset(String.valueOf(execution.getVariable(FindSnapshotDelegate.SNAPSHOT)));
        try {
            CommandResult result = context.shell(stage).run(node, command, context.config().startup().apiTimeout());
            if (!result.ok()) {
                stage.warn("cluster reset on " + node + " exited " + result.exitCode() + ": " + result.stderr().strip());
                throw new BpmnError(RESET_FAILED, "cluster reset on " + node + " exited " + result.exitCode());
            }
            stage.record(stage.execute() ? "etcd reset from snapshot on " + node : "would reset etcd from the snapshot on " + node);
        } catch (ConnectorException e) {
            stage.warn("cluster reset on " + node + " failed: " + e.getMessage());
            throw new BpmnError(RESET_FAILED, "cluster reset on " + node + " failed");
        }
    }
}
