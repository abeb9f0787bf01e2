package io.hecate.workflows.delegates;

import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommand;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.NodeStep;
import io.hecate.workflows.stage.StageContext;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Powers nodes off group by group in {@code shutdown.poweroff_order}; the nodes of one group at once. On the
 * emergency path a node that already used up its whole bound in this run is left alone: waiting for it again
 * would hold back the next group by another {@code emergency_budget_seconds}.
 */
public final class PowerOffNodesDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public PowerOffNodesDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig config = context.config();
        List<String> leftAlone = stage.emergency() ? NodeStep.hungNodes(execution) : List.of();
        leftAlone.forEach(node -> stage.warn(node + " hung earlier in this run: not waiting for it a second time"));
        List<List<NodeCommand>> batches = config.shutdown().poweroffOrder().stream()
                .map(group -> NodeCommands.poweroff(nodes(config.nodes(), group).stream().filter(n -> !leftAlone.contains(n)).toList()))
                .filter(batch -> !batch.isEmpty())
                .toList();
        context.nodeStep().runInOrder(execution, stage, context.shell(stage), batches, context.nodeTimeout(stage));
    }

    private static List<String> nodes(HecateConfig.Nodes nodes, String group) {
        return switch (group) {
            case "workers" -> nodes.workers();
            case "control_planes" -> nodes.controlPlanes();
            case "other_hosts" -> nodes.otherHosts();
            default -> throw new IllegalStateException("unknown poweroff group " + group);
        };
    }
}
