package io.hecate.workflows.delegates;

import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
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
        context.nodeStep().runInOrder(execution, stage, context.shell(stage), NodeCommands.poweroffInOrder(context.config()),
                context.poweroffTimeout(stage));
    }
}
