package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.ssh.CommandResult;
import io.hecate.connectors.ssh.NodeShell;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Takes an etcd snapshot on the first control plane that can, so a restore has something recent. A snapshot
 * that fails everywhere is reported, not fatal: it must never keep the cluster from shutting down.
 * Skipped on the emergency path unless {@code shutdown.emergency_skip_etcd_snapshot} is false.
 */
public final class SnapshotEtcdDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public SnapshotEtcdDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        if (stage.emergency() && context.config().shutdown().emergencySkipEtcdSnapshot()) {
            stage.record("skipped: shutdown.emergency_skip_etcd_snapshot is true");
            return;
        }
        NodeShell shell = context.shell(stage);
        String command = NodeCommands.etcdSnapshot("hecate-" + stage.runId());
        for (String node : context.config().nodes().controlPlanes()) {
            try {
                CommandResult result = shell.run(node, command, context.nodeTimeout(stage));
                if (result.ok()) {
                    stage.record(stage.execute() ? "etcd snapshot taken on " + node + ": " + result.stdout().strip()
                            : "would take an etcd snapshot on " + node);
                    return;
                }
                stage.warn("etcd snapshot on " + node + " failed, exit " + result.exitCode() + ": " + result.stderr().strip());
            } catch (ConnectorException e) {
                stage.warn("etcd snapshot on " + node + " failed: " + e.getMessage());
            }
        }
        stage.warn("no control plane took an etcd snapshot; shutting down without one");
    }
}
