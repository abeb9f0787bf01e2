package io.hecate.workflows.delegates;

import io.hecate.engine.intent.Intent;
import io.hecate.engine.intent.IntentState;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * After the called staged startup: sets {@link #RESTORED} true when this run left the intent {@code normal}, and
 * records how long the cluster took from mains return ({@link #MAINS_RETURNED}, set by the daemon) to
 * {@code normal}. A gateway routes a startup that did not reach normal to a failed end.
 */
@ProcessVariables({ConfirmRestoredDelegate.MAINS_RETURNED, ConfirmRestoredDelegate.RESTORED})
public final class ConfirmRestoredDelegate implements JavaDelegate {

    /** Epoch milliseconds since which mains had been back when the daemon started the restore; absent from the CLI. */
    public static final String MAINS_RETURNED = "mainsReturned";
    public static final String RESTORED = "restored";

    private final WorkflowContext context;

    public ConfirmRestoredDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        if (!stage.execute()) {
            stage.record("would check that the intent is normal and record the time from mains return to normal");
            execution.setVariable(RESTORED, true);
            return;
        }
        Optional<Intent> intent = context.intents().read().intent()
                .filter(i -> i.state() == IntentState.NORMAL && stage.runId().equals(i.runId()));
        execution.setVariable(RESTORED, intent.isPresent());
        if (intent.isEmpty()) {
            stage.warn("the staged startup did not leave the intent normal (" + context.intents().read().describe() + ")");
            return;
        }
        if (execution.getVariable(MAINS_RETURNED) instanceof Long since) {
            Duration took = Duration.between(Instant.ofEpochMilli(since), intent.get().time());
            stage.record(String.format(Locale.ROOT, "cluster normal %.1f s after mains returned (mains back since %s)",
                    took.toMillis() / 1000.0, Instant.ofEpochMilli(since)));
        } else {
            stage.record("cluster normal at " + intent.get().time());
        }
    }
}
