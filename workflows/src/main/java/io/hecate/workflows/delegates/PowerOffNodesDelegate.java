package io.hecate.workflows.delegates;

import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommand;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Powers nodes off group by group in {@code shutdown.poweroff_order}; the nodes of one group at once, each bounded
 * by {@link WorkflowContext#poweroffTimeout}. Every node is tried, also one whose k3s stop timed out or failed
 * earlier in this run: {@code systemctl poweroff} does not need k3s stopped, and a node left on drains the battery.
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
        List<List<NodeCommand>> batches = config.shutdown().poweroffOrder().stream()
                .map(group -> NodeCommands.poweroff(nodes(config.nodes(), group)))
                .filter(batch -> !batch.isEmpty())
                .toList();
        context.nodeStep().runInOrder(execution, stage, context.shell(stage), batches, context.poweroffTimeout(stage));
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
