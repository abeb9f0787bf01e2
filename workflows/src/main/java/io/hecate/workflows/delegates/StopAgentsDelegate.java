package io.hecate.workflows.delegates;

import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** Stops k3s-agent on every worker in parallel. */
public final class StopAgentsDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public StopAgentsDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        context.nodeStep().run(execution, stage, context.shell(stage),
                NodeCommands.each(context.config().nodes().workers(), NodeCommands.STOP_AGENT),
                context.config().shutdown().nodeStopTimeout());
    }
}
