package io.hecate.workflows.delegates;

import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.stage.Wait;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** After the bootstrap manifests: waits for Gitea's Deployment to be ready, deadline {@code flux.ready_timeout_seconds}. */
@ProcessVariables({WaitForGiteaDelegate.STATE, WaitForGiteaDelegate.DEADLINE})
public final class WaitForGiteaDelegate implements JavaDelegate {

    public static final String STATE = "giteaState";
    public static final String DEADLINE = "giteaDeadline";

    private final WorkflowContext context;

    public WaitForGiteaDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig.Flux flux = context.config().flux();
        Wait wait = Wait.of(execution, DEADLINE, flux.readyTimeout(), context.clock());
        String gitea = flux.giteaNamespace() + "/" + flux.giteaDeployment();
        if (context.kube(stage).deploymentReady(flux.giteaNamespace(), flux.giteaDeployment())) {
            stage.record(stage.execute() ? "Deployment " + gitea + " ready" : "would wait until Deployment " + gitea + " is ready");
            wait.conclude(STATE, Wait.READY);
        } else if (wait.passed(context.clock())) {
            stage.warn("Deployment " + gitea + " not ready after " + flux.readyTimeout().toSeconds() + " s");
            wait.conclude(STATE, Wait.TIMED_OUT);
        } else {
            wait.keepWaiting(stage, "Deployment " + gitea + " to be ready", STATE, context.clock());
        }
    }
}
