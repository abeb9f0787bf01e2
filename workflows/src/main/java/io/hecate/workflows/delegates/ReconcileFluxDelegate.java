package io.hecate.workflows.delegates;

import io.hecate.connectors.kube.FluxKind;
import io.hecate.connectors.kube.FluxObject;
import io.hecate.connectors.kube.FluxRef;
import io.hecate.connectors.kube.KubeCluster;
import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.StageContext;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** Asks Flux to reconcile the GitRepository and every Kustomization and HelmRelease that is not suspended. */
public final class ReconcileFluxDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public ReconcileFluxDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        KubeCluster kube = context.kube(stage);
        HecateConfig.Flux flux = context.config().flux();
        kube.requestReconcile(new FluxRef(FluxKind.GIT_REPOSITORY, flux.namespace(), flux.gitRepository()));
        for (FluxKind kind : List.of(FluxKind.KUSTOMIZATION, FluxKind.HELM_RELEASE)) {
            for (FluxObject object : kube.fluxObjects(kind)) {
                if (!object.suspended()) {
                    kube.requestReconcile(object.ref());
                }
            }
        }
        stage.record(stage.execute() ? "reconcile requested" : "would request a reconcile");
    }
}
