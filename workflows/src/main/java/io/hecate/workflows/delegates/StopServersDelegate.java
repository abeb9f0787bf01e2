package io.hecate.workflows.delegates;

import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** Stops k3s on every control plane in parallel (after the agents, so etcd stays up while workers leave). */
public final class StopServersDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public StopServersDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        context.nodeStep().run(execution, stage, context.shell(stage),
                NodeCommands.each(context.config().nodes().controlPlanes(), NodeCommands.STOP_SERVER),
                context.config().shutdown().nodeStopTimeout());
    }
}
