package io.hecate.workflows.delegates;

import io.hecate.connectors.probe.ProbeResult;
import io.hecate.connectors.probe.ProbeSpec;
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
 * With {@code startup.require_post_start_probes}, every probe of {@code post_start_probes} must pass; a pass
 * with failures is retried after the wait interval up to {@code probe_retries} times, then the run fails.
 */
@ProcessVariables({PostStartProbesDelegate.STATE, PostStartProbesDelegate.ATTEMPT})
public final class PostStartProbesDelegate implements JavaDelegate {

    public static final String STATE = "probeState";
    public static final String ATTEMPT = "probeAttempt";

    private final WorkflowContext context;

    public PostStartProbesDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig.Startup startup = context.config().startup();
        if (!execution.hasVariable(Wait.INTERVAL)) {
            execution.setVariable(Wait.INTERVAL, Wait.DEFAULT_INTERVAL.toString());
        }
        if (!startup.requirePostStartProbes() || startup.postStartProbes().isEmpty()) {
            stage.record("skipped: " + (startup.requirePostStartProbes() ? "startup.post_start_probes is empty"
                    : "startup.require_post_start_probes is false"));
            execution.setVariable(STATE, Wait.READY);
            return;
        }
        if (!stage.execute()) {
            startup.postStartProbes().forEach(p -> stage.record("would probe " + p.url() + " for HTTP " + p.expectedStatus()));
            execution.setVariable(STATE, Wait.READY);
            return;
        }
        int attempt = execution.hasVariable(ATTEMPT) ? (Integer) execution.getVariable(ATTEMPT) : 1;
        List<String> failed = new ArrayList<>();
        for (HecateConfig.Probe probe : startup.postStartProbes()) {
            ProbeResult result = context.probe().check(new ProbeSpec(probe.url(), probe.expectedStatus(), probe.timeout(),
                    probe.insecureSkipTlsVerify()));
            if (!result.passed()) {
                failed.add(probe.url() + ": " + result.detail());
            }
        }
        if (failed.isEmpty()) {
            stage.record("all " + startup.postStartProbes().size() + " probes passed (attempt " + attempt + ")");
            execution.removeVariable(ATTEMPT);
            execution.setVariable(STATE, Wait.READY);
        } else if (attempt <= startup.probeRetries()) {
            stage.warn("probes failed (attempt " + attempt + ", retrying): " + failed);
            execution.setVariable(ATTEMPT, attempt + 1);
            execution.setVariable(STATE, Wait.WAITING);
        } else {
            stage.warn("probes failed (attempt " + attempt + ", giving up): " + failed);
            execution.setVariable(STATE, Wait.TIMED_OUT);
        }
    }
}
