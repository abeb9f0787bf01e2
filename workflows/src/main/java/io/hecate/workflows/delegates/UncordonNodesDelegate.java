package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.kube.KubeCluster;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** Uncordons every node the shutdown drained; a node that refuses is reported, not fatal. */
public final class UncordonNodesDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public UncordonNodesDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        KubeCluster kube = context.kube(stage);
        for (String node : context.config().nodes().cluster()) {
            try {
                kube.uncordon(node);
            } catch (ConnectorException e) {
                stage.warn("cannot uncordon " + node + ": " + e.getMessage());
            }
        }
    }
}
