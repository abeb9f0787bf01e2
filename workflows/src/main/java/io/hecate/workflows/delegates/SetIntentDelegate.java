package io.hecate.workflows.delegates;

import io.hecate.engine.intent.IntentState;
import io.hecate.engine.runtime.RunVariables;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.StageContext;
import java.io.UncheckedIOException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Writes intent.json; the state comes from the task's input parameter {@code intent}. A finishing state is
 * written only while this run holds the intent (see IntentStore#writeFor). A dry run only says so.
 */
public final class SetIntentDelegate implements JavaDelegate {

    public static final String INTENT = "intent";

    private final WorkflowContext context;

    public SetIntentDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        IntentState state = IntentState.fromWire(String.valueOf(execution.getVariableLocal(INTENT)));
        StageContext stage = context.stage(execution);
        Object reason = execution.getVariable(RunVariables.REASON);
        String why = stage.trigger().wire() + (reason == null ? "" : ": " + reason);
        if (stage.execute()) {
            write(stage, state, why);
        } else {
            stage.record("would write intent " + state.wire() + " (" + why + ") to " + context.intents().file());
        }
    }

    /**
     * An intent that cannot be written (a full or read-only state dir) fails the stage, except in an emergency shutdown:
     * stopping and powering off the nodes before the battery runs out matters more than the record of it.
     */
    private void write(StageContext stage, IntentState state, String why) {
        try {
            if (context.intents().writeFor(stage.runId(), state, why).isPresent()) {
                stage.record("intent " + state.wire() + " (" + why + ") written to " + context.intents().file());
            } else {
                stage.warn("intent not set to " + state.wire() + ": it now belongs to another run ("
                        + context.intents().read().describe() + ")");
            }
        } catch (UncheckedIOException e) {
            if (!stage.emergency()) {
                throw e;
            }
            stage.warn("intent not set to " + state.wire() + ": " + e.getMessage() + " (" + e.getCause().getMessage()
                    + "); the emergency shutdown goes on without it");
        }
    }
}
