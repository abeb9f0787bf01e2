package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.kube.NodeState;
import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.stage.Wait;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Waits until every configured node is Ready, deadline {@code startup.nodes_ready_timeout_seconds}. Past the
 * deadline a dead worker must not keep the cluster down: the run goes on with a warning as long as every
 * control plane is Ready, and fails otherwise.
 */
@ProcessVariables({WaitForNodesReadyDelegate.STATE, WaitForNodesReadyDelegate.DEADLINE})
public final class WaitForNodesReadyDelegate implements JavaDelegate {

    public static final String STATE = "nodesState";
    public static final String DEADLINE = "nodesDeadline";

    private final WorkflowContext context;

    public WaitForNodesReadyDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig.Nodes configured = context.config().nodes();
        Wait wait = Wait.of(execution, DEADLINE, context.config().startup().nodesReadyTimeout(), context.clock());
        if (!stage.execute()) {
            stage.record("would wait until nodes " + configured.cluster() + " are Ready");
            wait.conclude(STATE, Wait.READY);
            return;
        }
        List<String> notReady;
        try {
            Map<String, NodeState> nodes = context.kube(stage).nodes().stream()
                    .collect(Collectors.toMap(NodeState::name, Function.identity(), (a, b) -> a));
            notReady = configured.cluster().stream().filter(n -> nodes.get(n) == null || !nodes.get(n).ready()).toList();
        } catch (ConnectorException e) {
            notReady = configured.cluster();
        }
        if (notReady.isEmpty()) {
            stage.record("all " + configured.cluster().size() + " nodes Ready");
            wait.conclude(STATE, Wait.READY);
        } else if (!wait.passed(context.clock())) {
            wait.keepWaiting(stage, (configured.cluster().size() - notReady.size()) + "/" + configured.cluster().size()
                    + " nodes Ready", STATE, context.clock());
        } else if (configured.controlPlanes().stream().noneMatch(notReady::contains)) {
            stage.warn("not Ready after " + context.config().startup().nodesReadyTimeout().toSeconds() + " s: " + notReady
                    + "; every control plane is Ready, going on without them");
            wait.conclude(STATE, Wait.READY);
        } else {
            stage.warn("not Ready after " + context.config().startup().nodesReadyTimeout().toSeconds() + " s: " + notReady);
            wait.conclude(STATE, Wait.TIMED_OUT);
        }
    }
}
