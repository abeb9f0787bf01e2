package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.kube.FluxKind;
import io.hecate.connectors.kube.FluxObject;
import io.hecate.connectors.kube.FluxReadiness;
import io.hecate.connectors.kube.FluxRef;
import io.hecate.connectors.kube.KubeCluster;
import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.stage.Wait;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Waits until the GitRepository and every Kustomization and HelmRelease that is not suspended are Ready,
 * deadline {@code flux.ready_timeout_seconds}. The first pass never passes: right after a reconcile request
 * the Ready condition is still the one from before the shutdown. When the GitRepository is not Ready because
 * the in-cluster Gitea it fetches from is down, that is the Flux/Gitea deadlock: {@link #GITEA_DOWN}, once.
 */
@ProcessVariables({WaitForFluxDelegate.STATE, WaitForFluxDelegate.DEADLINE, WaitForFluxDelegate.BOOTSTRAP_APPLIED})
public final class WaitForFluxDelegate implements JavaDelegate {

    public static final String STATE = "fluxState";
    public static final String DEADLINE = "fluxDeadline";
    public static final String GITEA_DOWN = "gitea_down";
    /** Set once the bootstrap manifests were applied: the deadlock fallback runs at most once per run. */
    public static final String BOOTSTRAP_APPLIED = "giteaBootstrapApplied";

    private final WorkflowContext context;

    public WaitForFluxDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig.Flux flux = context.config().flux();
        Wait wait = Wait.of(execution, DEADLINE, flux.readyTimeout(), context.clock());
        if (!stage.execute()) {
            stage.record("would wait until Flux is Ready");
            wait.conclude(STATE, Wait.READY);
            return;
        }
        if (wait.firstPass()) {
            wait.keepWaiting(stage, "Flux to reconcile", STATE, context.clock());
            return;
        }
        KubeCluster kube = context.kube(stage);
        List<String> notReady = new ArrayList<>();
        boolean sourceReady;
        try {
            FluxReadiness source = kube.fluxReadiness(new FluxRef(FluxKind.GIT_REPOSITORY, flux.namespace(), flux.gitRepository()));
            sourceReady = source.ready();
            if (!sourceReady) {
                notReady.add("GitRepository " + flux.namespace() + "/" + flux.gitRepository() + " (" + source.reason() + ": "
                        + source.message() + ")");
            }
            for (FluxKind kind : List.of(FluxKind.KUSTOMIZATION, FluxKind.HELM_RELEASE)) {
                for (FluxObject object : kube.fluxObjects(kind)) {
                    if (!object.suspended() && !object.readiness().ready()) {
                        notReady.add(object.ref() + " (" + object.readiness().reason() + ")");
                    }
                }
            }
        } catch (ConnectorException e) {
            sourceReady = false;
            notReady.add(e.getMessage());
        }
        if (notReady.isEmpty()) {
            stage.record("Flux Ready");
            wait.conclude(STATE, Wait.READY);
            return;
        }
        if (!sourceReady && !Boolean.TRUE.equals(execution.getVariable(BOOTSTRAP_APPLIED))
                && !giteaReady(kube, flux)) {
            stage.warn("Flux/Gitea deadlock: the GitRepository cannot fetch and Deployment " + flux.giteaNamespace() + "/"
                    + flux.giteaDeployment() + " is not ready; applying Gitea's bootstrap manifests");
            wait.conclude(STATE, GITEA_DOWN);
        } else if (wait.passed(context.clock())) {
            stage.warn("Flux not Ready after " + flux.readyTimeout().toSeconds() + " s: " + notReady);
            wait.conclude(STATE, Wait.TIMED_OUT);
        } else {
            wait.keepWaiting(stage, "Flux (" + notReady.size() + " not Ready)", STATE, context.clock());
        }
    }

    private static boolean giteaReady(KubeCluster kube, HecateConfig.Flux flux) {
        try {
            return kube.deploymentReady(flux.giteaNamespace(), flux.giteaDeployment());
        } catch (ConnectorException e) {
            return false;
        }
    }
}
