package io.hecate.drills.shutdown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.hecate.drills.run.FinishedRun;
import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.StageRecord;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a finished run that read like the workflow's spec: {@code assertThat(run).passedInOrder("StopAgents", "StopServers")}. */
public final class RunAssert extends AbstractAssert<RunAssert, FinishedRun> {

    private RunAssert(FinishedRun actual) {
        super(actual, RunAssert.class);
    }

    public static RunAssert assertThat(FinishedRun run) {
        return new RunAssert(run);
    }

    public RunAssert succeeded() {
        isNotNull();
        if (!actual.succeeded()) {
            failWithMessage("expected run %s to succeed but it %s (%s)%n%s", actual.runId(), actual.run().outcome(),
                    actual.run().detail(), describe());
        }
        return this;
    }

    /** The run ended in any outcome but succeeded: some node did not reach its target state. */
    public RunAssert didNotSucceed() {
        isNotNull();
        if (actual.succeeded()) {
            failWithMessage("expected run %s not to succeed, since a node missed its target state, but it succeeded%n%s",
                    actual.runId(), describe());
        }
        return this;
    }

    /** Every stage ended, and each started after the one before it (other stages may come in between). */
    public RunAssert passedInOrder(String... stages) {
        isNotNull();
        List<StageRecord> rows = actual.stageRows();
        int from = 0;
        for (String stage : stages) {
            int found = -1;
            for (int i = from; i < rows.size(); i++) {
                if (rows.get(i).stage().equals(stage)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                failWithMessage("expected stages in order %s but %s did not start after %s; stages were %s",
                        Arrays.toString(stages), stage, from == 0 ? "the run began" : rows.get(from - 1).stage(), stageIds());
            }
            if (rows.get(found).ended() == null) {
                failWithMessage("stage %s started but never ended; stages were %s", stage, stageIds());
            }
            from = found + 1;
        }
        return this;
    }

    public RunAssert didNotPass(String... stages) {
        isNotNull();
        for (String stage : stages) {
            if (stageIds().contains(stage)) {
                failWithMessage("expected stage %s not to run; stages were %s", stage, stageIds());
            }
        }
        return this;
    }

    /** The stages ran and recorded that they skipped their work ("skipped: <why>"). */
    public RunAssert skipped(String... stages) {
        isNotNull();
        for (String stage : stages) {
            if (actual.actionsOf(stage).stream().noneMatch(a -> a.text().startsWith("skipped"))) {
                failWithMessage("expected stage %s to record that it was skipped; its actions were %s", stage,
                        texts(actual.actionsOf(stage)));
            }
        }
        return this;
    }

    /** The last row of the stage for the node ended with the outcome ("ok", "unreachable", "timeout", "skipped"). */
    public RunAssert nodeEnded(String stage, String node, String outcome) {
        isNotNull();
        StageRecord row = actual.nodeRow(stage, node);
        if (row == null) {
            failWithMessage("stage %s has no row for node %s%n%s", stage, node, describe());
        } else if (!outcome.equals(row.outcome())) {
            failWithMessage("expected %s on %s to end %s but it ended %s (%s)", stage, node, outcome, row.outcome(), row.detail());
        }
        return this;
    }

    /** Some action of the stage contains each text. */
    public RunAssert recorded(String stage, String... texts) {
        isNotNull();
        List<String> actions = texts(actual.actionsOf(stage));
        for (String text : texts) {
            if (actions.stream().noneMatch(a -> a.contains(text))) {
                failWithMessage("expected stage %s to record an action containing '%s'; its actions were %s", stage, text, actions);
            }
        }
        return this;
    }

    /** No action of the whole run contains the text. */
    public RunAssert recordedNothingLike(String text) {
        isNotNull();
        List<String> hits = actual.actions().stream().map(a -> a.stage() + ": " + a.text()).filter(t -> t.contains(text)).toList();
        if (!hits.isEmpty()) {
            failWithMessage("expected no action containing '%s' but found %s", text, hits);
        }
        return this;
    }

    private List<String> stageIds() {
        List<String> ids = new ArrayList<>();
        actual.stageRows().forEach(row -> ids.add(row.stage()));
        return ids;
    }

    private static List<String> texts(List<ActionRecord> actions) {
        return actions.stream().map(ActionRecord::text).toList();
    }

    private String describe() {
        return actual.stages().stream()
                .map(s -> "  " + s.stage() + (s.node() == null ? "" : " [" + s.node() + "]") + " " + s.outcome()
                        + (s.detail() == null ? "" : " (" + s.detail() + ")"))
                .collect(Collectors.joining("\n"));
    }
}
