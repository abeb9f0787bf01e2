package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.ssh.NodeShell;
import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.stage.Wait;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * One look at SSH on every node of {@code restore.order} (all at once), deadline {@code restore.ssh_timeout_seconds}.
 * Past the deadline it names the nodes that never answered and ends the wait as timed out: the staged startup
 * decides what the cluster can do without them. A dry run says what it would wait for.
 */
@ProcessVariables({WaitForSshDelegate.STATE, WaitForSshDelegate.DEADLINE})
public final class WaitForSshDelegate implements JavaDelegate {

    public static final String STATE = "sshState";
    public static final String DEADLINE = "sshDeadline";

    private final WorkflowContext context;

    public WaitForSshDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig config = context.config();
        List<String> nodes = config.restore().nodesInOrder(config.nodes());
        Wait wait = Wait.of(execution, DEADLINE, config.restore().sshTimeout(), context.clock());
        if (!stage.execute()) {
            stage.record("would wait up to " + config.restore().sshTimeout().toSeconds() + " s for SSH on " + nodes);
            wait.conclude(STATE, Wait.READY);
            return;
        }
        List<String> silent = silent(context.shell(stage), nodes, config);
        if (silent.isEmpty()) {
            stage.record("SSH answers on all " + nodes.size() + " nodes");
            wait.conclude(STATE, Wait.READY);
        } else if (!wait.passed(context.clock())) {
            wait.keepWaiting(stage, "SSH on " + silent, STATE, context.clock());
        } else {
            stage.warn("no SSH within " + config.restore().sshTimeout().toSeconds() + " s on " + silent
                    + "; starting the cluster with the nodes that answered");
            wait.conclude(STATE, Wait.TIMED_OUT);
        }
    }

    private static List<String> silent(NodeShell shell, List<String> nodes, HecateConfig config) {
        List<CompletableFuture<String>> checks = nodes.stream()
                .map(node -> CompletableFuture.supplyAsync(() -> answers(shell, node, config) ? null : node))
                .toList();
        return checks.stream().map(CompletableFuture::join).filter(node -> node != null).toList();
    }

    /** Any answer counts, whatever the exit status: the node is up and SSH lets Hecate in. */
    private static boolean answers(NodeShell shell, String node, HecateConfig config) {
        try {
            shell.run(node, "true", config.ssh().connectTimeout());
            return true;
        } catch (ConnectorException e) {
            return false;
        }
    }
}
