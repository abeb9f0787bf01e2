package io.hecate.workflows.delegates;

import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** Starts k3s on every control plane in parallel; the API wait that follows starts its deadline afresh. */
public final class StartServersDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public StartServersDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        execution.removeVariable(WaitForApiDelegate.DEADLINE);
        context.nodeStep().run(execution, stage, context.shell(stage),
                NodeCommands.each(context.config().nodes().controlPlanes(), NodeCommands.START_SERVER),
                context.config().ssh().commandTimeout());
    }
}
