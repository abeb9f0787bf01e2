package io.hecate.cli;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import io.hecate.engine.runtime.RunEvent;
import io.hecate.workflows.stage.Wait;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.function.Consumer;

/** Prints a run as it goes: each stage when it starts and ends (with its duration), and what it did. */
final class RunConsole implements Consumer<RunEvent> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private static final int MAX_CONTINUATION_LINES = 10;

    private final PrintWriter out;
    private final Set<String> passes = new HashSet<>();
    private final Map<String, Integer> passCount = new HashMap<>();
    /** Stages whose latest pass has started but printed nothing yet, with the pass number. */
    private final Map<String, Pass> repass = new HashMap<>();

    private record Pass(String label, int number) {
    }

    RunConsole(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void accept(RunEvent event) {
        if (perNodeSuccess(event)) {
            return;
        }
        if (event instanceof RunEvent.StageStarted started && !passes.add(started.stage().stage())) {
            // a wait loop passing again: one progress line instead of another start/ok pair, printed with the
            // pass's own progress ("waiting for 3/8 nodes Ready, 41 s left") when it records one
            repass.put(started.stage().stage(), new Pass(label(started.stage()),
                    passCount.merge(started.stage().stage(), 1, Integer::sum) + 1));
        } else if (event instanceof RunEvent.StageStarted started) {
            out.printf("%s  start  %s%n", TIME.format(started.stage().started()), label(started.stage()));
        } else if (event instanceof RunEvent.Action action && repass.containsKey(action.action().stage())) {
            printPass(action.action());
        } else if (event instanceof RunEvent.Action action) {
            printAction(action.action());
        } else if (event instanceof RunEvent.StageEnded ended && repass.containsKey(ended.stage().stage())) {
            out.printf("%s  wait   %s (still waiting, pass %d)%n", TIME.format(ended.stage().ended()), label(ended.stage()),
                    repass.remove(ended.stage().stage()).number());
            printEndUnlessOk(ended);
        } else if (event instanceof RunEvent.StageEnded ended && passCount.containsKey(ended.stage().stage())) {
            printEndUnlessOk(ended);
        } else if (event instanceof RunEvent.StageEnded ended) {
            out.printf("%s  %-6s %s (%s)%n", TIME.format(ended.stage().ended()), ended.stage().outcome(), label(ended.stage()),
                    seconds(ended.stage().duration()));
        } else if (event instanceof RunEvent.RunEnded ended) {
            out.printf("run %s %s in %s%n", ended.run().runId(), ended.run().outcome(), seconds(ended.run().duration()));
        }
        out.flush();
    }

    /** The first action of a repeated pass opens it: a progress line carries the pass, anything else follows one. */
    private void printPass(ActionRecord action) {
        Pass pass = repass.remove(action.stage());
        if (action.text().startsWith(Wait.PROGRESS)) {
            out.printf("%s  wait   %s: %s (pass %d)%n", TIME.format(action.at()), pass.label(), action.text(), pass.number());
        } else {
            out.printf("%s  wait   %s (pass %d)%n", TIME.format(action.at()), pass.label(), pass.number());
            printAction(action);
        }
    }

    private void printEndUnlessOk(RunEvent.StageEnded ended) {
        if (!"ok".equals(ended.stage().outcome())) {
            out.printf("%s  %-6s %s (%s)%n", TIME.format(ended.stage().ended()), ended.stage().outcome(), label(ended.stage()),
                    seconds(ended.stage().duration()));
        }
    }

    /** One line per item of a long warning ("; "-joined per node), bounded; {@code runs show --json} keeps the whole text. */
    private void printAction(ActionRecord action) {
        List<String> lines = ActionLines.of(action.text());
        out.printf("%s         - %s%n", TIME.format(action.at()), lines.get(0));
        lines.stream().skip(1).limit(MAX_CONTINUATION_LINES)
                .forEach(line -> out.printf("%12s           %s%n", "", line));
        if (lines.size() - 1 > MAX_CONTINUATION_LINES) {
            out.printf("%12s           … and %d more (hecate runs show %s --json)%n", "", lines.size() - 1 - MAX_CONTINUATION_LINES,
                    action.runId());
        }
    }

    /** Per-node rows are shown only when a node did not go well; the stage line and its actions tell the rest. */
    private static boolean perNodeSuccess(RunEvent event) {
        if (event instanceof RunEvent.StageStarted started) {
            return started.stage().node() != null;
        }
        return event instanceof RunEvent.StageEnded ended && ended.stage().node() != null && "ok".equals(ended.stage().outcome());
    }

    static String label(StageRecord stage) {
        String name = stage.name() == null || stage.name().isBlank() ? stage.stage() : stage.name();
        return stage.node() == null ? name : name + " [" + stage.node() + "]";
    }

    static String seconds(Duration duration) {
        return duration == null ? "-" : String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }

    /** What to know of a run besides its outcome: a dry run, a budget sample, resumed, and why it stopped short. */
    static String notes(RunRecord run) {
        StringBuilder notes = new StringBuilder();
        if (!run.executed()) {
            notes.append(" (dry run)");
        }
        if (run.sample()) {
            notes.append(" (budget sample)");
        }
        if (run.resumed()) {
            notes.append(" (resumed)");
        }
        if (RunRecord.INTERRUPTED.equals(run.outcome()) && run.detail() != null) {
            notes.append(run.resumable() ? " (resumable: hecate runs resume " + run.runId() + ")" : " (host restarted)");
        }
        return notes.toString();
    }

    /** "1 node", "3 nodes". */
    static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    static String describe(RunRecord run) {
        return (run.executed() ? "executed" : "dry run") + ", trigger " + run.trigger() + ", mode " + run.mode();
    }
}
