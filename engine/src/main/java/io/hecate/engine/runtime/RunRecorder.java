package io.hecate.engine.runtime;

import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.RunStart;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;

/**
 * Writes runs and stages into {@link RunHistory} as the engine moves: process start and end, and the start
 * and end of every stage activity. A stage that runs per node (a multi-instance activity with an element
 * variable) gets one row per node.
 */
final class RunRecorder {

    /** The activity property holding an end event's {@link EndOutcome}. */
    static final String OUTCOME = "hecateOutcome";

    private final Supplier<RunHistory> history;
    private final Clock clock;

    RunRecorder(Supplier<RunHistory> history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    ExecutionListener processStarted() {
        return execution -> {
            if (calledByAnotherProcess(execution)) {
                return;
            }
            history.get().runStarted(new RunStart(
                runId(execution),
                execution.getProcessDefinitionId().split(":")[0],
                string(execution, RunVariables.TRIGGER, "cli"),
                string(execution, RunVariables.MODE, "default"),
                Boolean.TRUE.equals(execution.getVariable(RunVariables.EXECUTE)),
                clock.instant(),
                execution.getProcessInstanceId(),
                execution.getVariable(RunVariables.OWNER_TOKEN) instanceof Number n ? n.longValue() : null,
                execution.getVariable(RunVariables.TRIGGERED_AT) instanceof String at ? Instant.parse(at) : null));
            history.get().definitionUsed(runId(execution), execution.getProcessDefinitionId());
        };
    }

    ExecutionListener processEnded() {
        return execution -> {
            if (calledByAnotherProcess(execution)) {
                return;
            }
            String runId = runId(execution);
            boolean failed = endedAt(execution) == EndOutcome.FAILED;
            if (execution.isCanceled()) {
                history.get().runEnded(runId, RunRecord.CANCELLED, null, clock.instant());
            } else if (failed) {
                history.get().runEnded(runId, RunRecord.FAILED, execution.getCurrentActivityName(), clock.instant());
            } else {
                List<String> missed = NodeTargets.missed(history.get().stages(runId));
                history.get().runEnded(runId, missed.isEmpty() ? RunRecord.SUCCEEDED : RunRecord.PARTIAL,
                        missed.isEmpty() ? null : NodeTargets.describe(missed), clock.instant());
            }
        };
    }

    ExecutionListener stageStarted(String elementVariable) {
        return execution -> history.get().stageStarted(runId(execution), execution.getCurrentActivityId(),
                execution.getCurrentActivityName(), node(execution, elementVariable), clock.instant());
    }

    ExecutionListener stageEnded(String elementVariable) {
        return execution -> history.get().stageEnded(runId(execution), execution.getCurrentActivityId(),
                node(execution, elementVariable), execution.isCanceled() ? "interrupted" : "ok", null, clock.instant());
    }

    /** The outcome the end event declares (set on it by {@link RunRecordingParseListener}); succeeded when none is known. */
    private static EndOutcome endedAt(DelegateExecution execution) {
        String endActivity = execution.getCurrentActivityId();
        if (endActivity == null) {
            return EndOutcome.SUCCEEDED;
        }
        ActivityImpl activity = ((ExecutionEntity) execution).getProcessDefinition().findActivity(endActivity);
        return activity != null && activity.getProperty(OUTCOME) instanceof EndOutcome outcome ? outcome : EndOutcome.SUCCEEDED;
    }

    /** A called process (call activity) belongs to its caller's run; only the top process records the run. */
    private static boolean calledByAnotherProcess(DelegateExecution execution) {
        return ((ExecutionEntity) execution).getProcessInstance().getSuperExecutionId() != null;
    }

    static String runId(DelegateExecution execution) {
        Object runId = execution.getVariable(RunVariables.RUN_ID);
        return runId == null ? execution.getProcessInstanceId() : runId.toString();
    }

    private static String node(DelegateExecution execution, String elementVariable) {
        if (elementVariable == null) {
            return null;
        }
        Object node = execution.getVariableLocal(elementVariable);
        return node == null ? null : node.toString();
    }

    private static String string(DelegateExecution execution, String name, String fallback) {
        Object value = execution.getVariable(name);
        return value == null ? fallback : value.toString();
    }
}
