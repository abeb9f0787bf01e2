package io.hecate.workflows.order;

import io.hecate.engine.history.RunRecord;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Order assertions that read like the workflow: {@code assertThat(run).passedInOrder("StopAgents", "StopServers")}. */
public final class WorkflowRunAssert extends AbstractAssert<WorkflowRunAssert, WorkflowRun> {

    private WorkflowRunAssert(WorkflowRun run) {
        super(run, WorkflowRunAssert.class);
    }

    static WorkflowRunAssert assertThat(WorkflowRun run) {
        return new WorkflowRunAssert(run);
    }

    /** These stages ran in this order; others may run in between. */
    WorkflowRunAssert passedInOrder(String... stages) {
        int next = 0;
        for (String passed : actual.passed()) {
            if (next < stages.length && passed.equals(stages[next])) {
                next++;
            }
        }
        if (next < stages.length) {
            failWithMessage("expected run to pass %s in order, but after %s it never passed <%s>; it passed %s",
                    Arrays.toString(stages), Arrays.toString(Arrays.copyOf(stages, next)), stages[next], actual.passed());
        }
        return this;
    }

    /** Exactly these stages ran, in this order, and no other. */
    WorkflowRunAssert passedExactly(String... stages) {
        if (!actual.passed().equals(List.of(stages))) {
            failWithMessage("expected run to pass exactly %s, but it passed %s", Arrays.toString(stages), actual.passed());
        }
        return this;
    }

    WorkflowRunAssert passedTimes(String stage, int times) {
        int seen = Collections.frequency(actual.passed(), stage);
        if (seen != times) {
            failWithMessage("expected run to pass <%s> %s times, but it did %s times: %s", stage, times, seen, actual.passed());
        }
        return this;
    }

    WorkflowRunAssert neverPassed(String... stages) {
        for (String stage : stages) {
            if (actual.passed().contains(stage)) {
                failWithMessage("expected run never to pass <%s>, but it passed %s", stage, actual.passed());
            }
        }
        return this;
    }

    /** The workflow's own path ended at this end event. */
    WorkflowRunAssert endedAt(String endEvent) {
        if (!actual.endEvents().equals(List.of(endEvent))) {
            failWithMessage("expected run to end at <%s>, but it ended at %s (outcome %s: %s)", endEvent, actual.endEvents(),
                    actual.record().outcome(), actual.record().detail());
        }
        return this;
    }

    WorkflowRunAssert succeeded() {
        return hasOutcome(RunRecord.SUCCEEDED);
    }

    WorkflowRunAssert failed() {
        return hasOutcome(RunRecord.FAILED);
    }

    WorkflowRunAssert hasOutcome(String outcome) {
        if (!outcome.equals(actual.record().outcome())) {
            failWithMessage("expected outcome <%s>, but the run was <%s> (%s); it passed %s", outcome, actual.record().outcome(),
                    actual.record().detail(), actual.passed());
        }
        return this;
    }
}
