package io.hecate.workflows.delegates;

import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** Starts k3s on the control planes other than the restored one; with fresh dbs they join the restored cluster. */
public final class StartOtherServersDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public StartOtherServersDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        context.nodeStep().run(execution, stage, context.shell(stage),
                NodeCommands.each(MoveAsideOtherDbsDelegate.otherServers(context), NodeCommands.START_SERVER),
                context.config().ssh().commandTimeout());
    }
}
