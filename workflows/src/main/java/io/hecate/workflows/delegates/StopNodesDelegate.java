package io.hecate.workflows.delegates;

import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommand;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * The emergency path: k3s-agent on workers and k3s on control planes all at once, each node bounded by
 * {@code shutdown.emergency_budget_seconds} so a hung node cannot eat the battery.
 */
public final class StopNodesDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public StopNodesDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        List<NodeCommand> commands = NodeCommands.stopEveryNode(context.config());
        context.nodeStep().run(execution, stage, context.shell(stage), commands, context.config().shutdown().emergencyBudget());
    }
}
