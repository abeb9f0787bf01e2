package io.hecate.workflows.stage;

import io.hecate.connectors.ActionRecorder;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.runtime.RunVariables;
import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The facts a delegate needs about the run it serves: its id, whether it executes or only plans, and a
 * recorder that writes what the stage does (or would do) into the run history under the stage's id.
 */
public record StageContext(String runId, String stage, boolean execute, String trigger, String mode, ActionRecorder recorder) {

    public static StageContext of(DelegateExecution execution, RunHistory history, Clock clock) {
        String runId = String.valueOf(execution.getVariable(RunVariables.RUN_ID));
        String stage = execution.getCurrentActivityId();
        return new StageContext(runId, stage,
                Boolean.TRUE.equals(execution.getVariable(RunVariables.EXECUTE)),
                String.valueOf(execution.getVariable(RunVariables.TRIGGER)),
                String.valueOf(execution.getVariable(RunVariables.MODE)),
                text -> history.action(runId, stage, text, clock.instant()));
    }

    public static final String EMERGENCY = "emergency";

    public boolean emergency() {
        return EMERGENCY.equals(mode);
    }

    public void warn(String problem) {
        recorder.record("warning: " + problem);
    }

    public void record(String action) {
        recorder.record(action);
    }
}
