package io.hecate.cli.ui;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one definition of a run's JSON shape, used by {@code runs --json}, {@code runs show --json},
 * {@code status --json} and the run viewer's {@code /api}: snake_case keys, timestamps RFC 3339 (UTC),
 * durations in seconds. Values are only text, numbers, booleans, lists and maps, so every JSON writer
 * prints the same thing.
 */
public final class RunJson {

    private RunJson() {
    }

    public static List<Map<String, Object>> runs(List<RunRecord> runs) {
        return runs.stream().map(RunJson::run).toList();
    }

    /** What {@code runs show --json} prints: the run, its stage rows (one per node where a stage works per node), its actions. */
    public static Map<String, Object> detail(RunRecord run, List<StageRecord> stages, List<ActionRecord> actions) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run(run));
        json.put("stages", stages.stream().map(RunJson::stage).toList());
        json.put("actions", actions.stream().map(RunJson::action).toList());
        return json;
    }

    public static Map<String, Object> run(RunRecord run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", run.runId());
        json.put("workflow", run.workflow());
        json.put("trigger", run.trigger());
        json.put("mode", run.mode());
        json.put("executed", run.executed());
        json.put("triggered_at", timestamp(run.triggeredAt()));
        json.put("started", timestamp(run.started()));
        json.put("ended", timestamp(run.ended()));
        json.put("duration_seconds", seconds(run.duration()));
        json.put("sample_duration_seconds", seconds(run.sampleDuration()));
        json.put("outcome", run.outcome());
        json.put("detail", run.detail());
        json.put("budget_sample", run.sample());
        json.put("resumed", run.resumed());
        json.put("resumable", run.interruptedResumable());
        json.put("definition_id", run.definitionId());
        return json;
    }

    static Map<String, Object> stage(StageRecord stage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stage", stage.stage());
        json.put("name", stage.name());
        json.put("node", stage.node());
        json.put("started", timestamp(stage.started()));
        json.put("ended", timestamp(stage.ended()));
        json.put("duration_seconds", seconds(stage.duration()));
        json.put("outcome", stage.outcome() == null ? RunRecord.RUNNING : stage.outcome());
        json.put("detail", stage.detail());
        return json;
    }

    static Map<String, Object> action(ActionRecord action) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stage", action.stage());
        json.put("at", timestamp(action.at()));
        json.put("text", action.text());
        return json;
    }

    public static String timestamp(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    public static Double seconds(Duration duration) {
        return duration == null ? null : duration.toMillis() / 1000.0;
    }
}
