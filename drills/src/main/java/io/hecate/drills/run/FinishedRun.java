package io.hecate.drills.run;

import java.util.List;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;

/** A run as the history holds it once it ended: the run, its stage rows (per node where a stage works per node), its actions. */
public record FinishedRun(RunRecord run, List<StageRecord> stages, List<ActionRecord> actions) {

    public FinishedRun {
        stages = List.copyOf(stages);
        actions = List.copyOf(actions);
    }

    public String runId() {
        return run.runId();
    }

    public boolean succeeded() {
        return RunRecord.SUCCEEDED.equals(run.outcome());
    }

    /** The rows of the stage itself (not per node), in the order they started: a retried stage appears more than once. */
    public List<StageRecord> stageRows() {
        return stages.stream().filter(s -> s.node() == null).toList();
    }

    /** The last per-node row of a stage for a node, or null when the stage never worked on that node. */
    public StageRecord nodeRow(String stage, String node) {
        StageRecord last = null;
        for (StageRecord row : stages) {
            if (stage.equals(row.stage()) && node.equals(row.node())) {
                last = row;
            }
        }
        return last;
    }

    public List<ActionRecord> actionsOf(String stage) {
        return actions.stream().filter(a -> stage.equals(a.stage())).toList();
    }
}
