package io.hecate.workflows.stage;

import io.hecate.connectors.ActionRecorder;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.runtime.RunVariables;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The facts a delegate needs about the run it serves: its id, whether it executes or only plans, and a
 * recorder that writes what the stage does (or would do) into the run history under the stage's id.
 */
public record StageContext(String runId, String stage, boolean execute, Trigger trigger, RunMode mode, ActionRecorder recorder) {

    public static StageContext of(DelegateExecution execution, RunHistory history, Clock clock) {
        String runId = String.valueOf(execution.getVariable(RunVariables.RUN_ID));
        String stage = execution.getCurrentActivityId();
        return new StageContext(runId, stage,
                Boolean.TRUE.equals(execution.getVariable(RunVariables.EXECUTE)),
                Trigger.of(String.valueOf(execution.getVariable(RunVariables.TRIGGER))),
                RunMode.of(String.valueOf(execution.getVariable(RunVariables.MODE))),
                text -> history.action(runId, stage, text, clock.instant()));
    }

    public boolean emergency() {
        return mode == RunMode.EMERGENCY;
    }

    public void warn(String problem) {
        recorder.record("warning: " + problem);
    }

    public void record(String action) {
        recorder.record(action);
    }
}
