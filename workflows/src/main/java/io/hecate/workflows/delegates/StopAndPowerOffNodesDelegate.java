package io.hecate.workflows.delegates;

import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommand;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * The emergency path's stop and poweroff in one stage: k3s-agent on workers and k3s on control planes all at once, each
 * bounded by {@code shutdown.emergency_budget_seconds}, and every node powered off as soon as its own stop ended and the
 * groups before it in {@code shutdown.poweroff_order} are off. Every node is powered off, also one whose stop failed: a
 * node left on drains the battery.
 */
public final class StopAndPowerOffNodesDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public StopAndPowerOffNodesDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        List<NodeCommand> stops = NodeCommands.stopEveryNode(context.config());
        context.nodeStep().stopThenPowerOff(execution, stage, context.shell(stage), stops, NodeCommands.poweroffInOrder(context.config()),
                context.config().shutdown().emergencyBudget(), context.poweroffTimeout(stage));
    }
}
