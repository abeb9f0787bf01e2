package io.hecate.workflows.delegates;

import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** Starts k3s-agent on every worker in parallel, once the API is up. */
public final class StartAgentsDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public StartAgentsDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        context.nodeStep().run(execution, stage, context.shell(stage),
                NodeCommands.each(context.config().nodes().workers(), NodeCommands.START_AGENT),
                context.config().ssh().commandTimeout());
    }
}
