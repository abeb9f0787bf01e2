package io.hecate.workflows.delegates;

import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.stage.Wait;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Waits for CoreDNS (Deployment kube-system/coredns) to be ready before anything that resolves service names
 * (Vault, Flux, the probes), deadline {@code startup.api_timeout_seconds}: k3s starts CoreDNS with the API.
 */
@ProcessVariables({WaitForCoreDnsDelegate.STATE, WaitForCoreDnsDelegate.DEADLINE})
public final class WaitForCoreDnsDelegate implements JavaDelegate {

    public static final String STATE = "coreDnsState";
    public static final String DEADLINE = "coreDnsDeadline";
    static final String NAMESPACE = "kube-system";
    static final String DEPLOYMENT = "coredns";

    private final WorkflowContext context;

    public WaitForCoreDnsDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        Duration timeout = context.config().startup().apiTimeout();
        Wait wait = Wait.of(execution, DEADLINE, timeout, context.clock());
        if (context.kube(stage).deploymentReady(NAMESPACE, DEPLOYMENT)) {
            stage.record("Deployment " + NAMESPACE + "/" + DEPLOYMENT + " ready");
            wait.conclude(STATE, Wait.READY);
        } else if (wait.passed(context.clock())) {
            stage.warn("Deployment " + NAMESPACE + "/" + DEPLOYMENT + " not ready after " + timeout.toSeconds() + " s");
            wait.conclude(STATE, Wait.TIMED_OUT);
        } else {
            wait.keepWaiting(stage, "Deployment " + NAMESPACE + "/" + DEPLOYMENT + " to be ready", STATE, context.clock());
        }
    }
}
