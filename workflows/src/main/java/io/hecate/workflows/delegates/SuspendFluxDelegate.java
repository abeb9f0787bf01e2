package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.kube.FluxKind;
import io.hecate.connectors.kube.FluxObject;
import io.hecate.connectors.kube.FluxRef;
import io.hecate.connectors.kube.KubeCluster;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.StageContext;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Suspends every Kustomization and HelmRelease that is not suspended yet, so Flux does not fight the
 * shutdown, and remembers exactly those in the state dir: startup resumes what Hecate suspended, nothing
 * an operator suspended on purpose. An unreachable API is reported, not fatal.
 */
public final class SuspendFluxDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public SuspendFluxDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        KubeCluster kube = context.kube(stage);
        List<FluxRef> suspended = new ArrayList<>(context.fluxSuspensions().read());
        try {
            for (FluxKind kind : List.of(FluxKind.KUSTOMIZATION, FluxKind.HELM_RELEASE)) {
                for (FluxObject object : kube.fluxObjects(kind)) {
                    if (!object.suspended()) {
                        kube.setSuspended(object.ref(), true);
                        suspended.add(object.ref());
                        stage.record((stage.execute() ? "suspended " : "would suspend ") + object.ref());
                    }
                }
            }
        } catch (ConnectorException e) {
            stage.warn("cannot suspend Flux: " + e.getMessage());
        } finally {
            if (stage.execute()) {
                context.fluxSuspensions().write(suspended);
            }
        }
    }
}
