package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.ssh.CommandResult;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** Starts k3s on the restored node, the new one-member etcd cluster the others rejoin. */
public final class StartRestoredServerDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public StartRestoredServerDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        String node = FindSnapshotDelegate.restoreNode(context);
        try {
            CommandResult result = context.shell(stage).run(node, NodeCommands.START_SERVER, context.config().ssh().commandTimeout());
            if (!result.ok()) {
                stage.warn("k3s on " + node + " did not start, exit " + result.exitCode() + ": " + result.stderr().strip());
                throw new BpmnError(ResetClusterDelegate.RESET_FAILED, "k3s on the restored node " + node + " did not start");
            }
            stage.record(stage.execute() ? "k3s started on the restored node " + node : "would start k3s on the restored node " + node);
        } catch (ConnectorException e) {
            stage.warn("cannot start k3s on " + node + ": " + e.getMessage());
            throw new BpmnError(ResetClusterDelegate.RESET_FAILED, "cannot start k3s on " + node);
        }
    }
}
