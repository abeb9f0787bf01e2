package io.hecate.cli;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import io.hecate.workflows.stage.Wait;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code runs show}: one row per stage in the order the stages started, however many nodes or loop passes it had.
 * A per-node stage gets a count per outcome and a line for each node that did not go well; its actions and
 * warnings are listed once under it (warnings grouped with a count), each list bounded so that a 200-node run
 * stays readable. The JSON form ({@link io.hecate.cli.ui.RunJson#detail}) has every row.
 */
final class RunTimeline {

    static final int MAX_LISTED = 8;
    private static final String WARNING = "warning: ";
    private static final List<String> SEVERITY = List.of("running", "failed", "timeout", "unreachable", "interrupted", "skipped");
    private static final String INDENT = "%9s  %9s  %-11s    ";

    private final PrintWriter out;

    RunTimeline(PrintWriter out) {
        this.out = out;
    }

    void print(RunRecord run, List<StageRecord> stages, List<ActionRecord> actions) {
        out.printf("%9s  %9s  %-11s  %s%n", "AT", "DURATION", "OUTCOME", "STAGE");
        for (List<StageRecord> group : byStage(stages).values()) {
            String stageId = group.get(0).stage();
            printStage(run.started(), group);
            printActions(actions.stream().filter(a -> stageId.equals(a.stage())).sorted(Comparator.comparing(ActionRecord::at)).toList());
        }
        if (!run.running()) {
            out.printf("%9s  %9s  %-11s  run ended%s%n", offset(run.started(), run.ended()), "", run.outcome(),
                    run.detail() == null ? "" : ": " + run.detail());
        }
    }

    /** Stage rows grouped by stage id, the groups in the order they first started. */
    private static Map<String, List<StageRecord>> byStage(List<StageRecord> stages) {
        Map<String, List<StageRecord>> groups = new LinkedHashMap<>();
        stages.stream().sorted(Comparator.comparing(StageRecord::started).thenComparingLong(StageRecord::id))
                .forEach(stage -> groups.computeIfAbsent(stage.stage(), id -> new ArrayList<>()).add(stage));
        return groups;
    }

    private void printStage(Instant runStart, List<StageRecord> rows) {
        StageRecord first = rows.get(0);
        Instant ended = rows.stream().anyMatch(r -> r.ended() == null) ? null
                : rows.stream().map(StageRecord::ended).max(Comparator.naturalOrder()).orElseThrow();
        Map<String, StageRecord> lastPerNode = new LinkedHashMap<>();
        rows.stream().filter(r -> r.node() != null).forEach(r -> lastPerNode.put(r.node(), r));
        List<StageRecord> plain = rows.stream().filter(r -> r.node() == null).toList();
        List<StageRecord> counted = new ArrayList<>(plain.isEmpty() ? List.of() : List.of(plain.get(plain.size() - 1)));
        counted.addAll(lastPerNode.values());
        String name = first.name() == null || first.name().isBlank() ? first.stage() : first.name();
        out.printf("%9s  %9s  %-11s  %s%s%n", offset(runStart, first.started()),
                RunConsole.seconds(ended == null ? null : Duration.between(first.started(), ended)),
                worst(counted), name, summary(plain.size(), lastPerNode.values()));
        List<StageRecord> troubled = lastPerNode.values().stream().filter(r -> !"ok".equals(outcome(r))).toList();
        troubled.stream().limit(MAX_LISTED).forEach(r -> out.printf(INDENT + "%s %s%s%n", "", "", "", r.node(), outcome(r),
                r.detail() == null ? "" : ": " + r.detail()));
        more(troubled.size(), "node");
    }

    private static String summary(int passes, Iterable<StageRecord> nodes) {
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        for (StageRecord node : nodes) {
            counts.merge(outcome(node), 1, Integer::sum);
            total++;
        }
        List<String> parts = new ArrayList<>();
        if (passes > 1) {
            parts.add("ran " + passes + " times");
        }
        if (total > 0) {
            List<String> perOutcome = new ArrayList<>();
            counts.forEach((outcome, count) -> perOutcome.add(count + " " + outcome));
            parts.add(RunConsole.count(total, "node") + ": " + String.join(", ", perOutcome));
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    private void printActions(List<ActionRecord> actions) {
        List<String> progress = actions.stream().map(ActionRecord::text).filter(t -> t.startsWith(Wait.PROGRESS)).toList();
        // a wait's pass-by-pass progress would crowd out what the stage did: its latest line tells where it stood
        List<String> done = new ArrayList<>(actions.stream().map(ActionRecord::text)
                .filter(t -> !t.startsWith(WARNING) && !t.startsWith(Wait.PROGRESS)).toList());
        if (!progress.isEmpty()) {
            done.add(0, progress.get(progress.size() - 1));
        }
        done.stream().limit(MAX_LISTED).forEach(text -> bullet("- ", text));
        more(done.size(), "action");
        Map<String, Integer> warnings = new LinkedHashMap<>();
        actions.stream().map(ActionRecord::text).filter(t -> t.startsWith(WARNING))
                .forEach(t -> warnings.merge(t.substring(WARNING.length()), 1, Integer::sum));
        if (warnings.isEmpty()) {
            return;
        }
        int total = warnings.values().stream().mapToInt(Integer::intValue).sum();
        out.printf(INDENT + "! %s:%n", "", "", "", RunConsole.count(total, "warning"));
        warnings.entrySet().stream().limit(MAX_LISTED)
                .forEach(w -> bullet("!   ", w.getKey() + (w.getValue() > 1 ? " (" + w.getValue() + " times)" : "")));
        more(warnings.size(), "distinct warning");
    }

    private void bullet(String marker, String text) {
        List<String> lines = ActionLines.of(text);
        out.printf(INDENT + "%s%s%n", "", "", "", marker, lines.get(0));
        String continuation = " ".repeat(marker.length());
        lines.stream().skip(1).forEach(line -> out.printf(INDENT + "%s%s%n", "", "", "", continuation, line));
    }

    private void more(int listed, String what) {
        if (listed > MAX_LISTED) {
            int more = listed - MAX_LISTED;
            out.printf(INDENT + "… and %d more %s (runs show --json lists all)%n", "", "", "", more, more == 1 ? what : what + "s");
        }
    }

    private static String worst(List<StageRecord> rows) {
        List<String> outcomes = rows.stream().map(RunTimeline::outcome).toList();
        return SEVERITY.stream().filter(outcomes::contains).findFirst()
                .orElse(outcomes.stream().filter(o -> !"ok".equals(o)).findFirst().orElse("ok"));
    }

    private static String outcome(StageRecord row) {
        return Objects.requireNonNullElse(row.outcome(), row.ended() == null ? RunRecord.RUNNING : "ok");
    }

    private static String offset(Instant start, Instant at) {
        return "+" + RunConsole.seconds(Duration.between(start, at));
    }
}
