package io.hecate.cli;

import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import io.hecate.engine.runtime.RunEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/** Prints a run as it goes: each stage when it starts and ends (with its duration), and what it did. */
final class RunConsole implements Consumer<RunEvent> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final PrintWriter out;

    RunConsole(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void accept(RunEvent event) {
        if (perNodeSuccess(event)) {
            return;
        }
        if (event instanceof RunEvent.StageStarted started) {
            out.printf("%s  start  %s%n", TIME.format(started.stage().started()), label(started.stage()));
        } else if (event instanceof RunEvent.Action action) {
            out.printf("%s         - %s%n", TIME.format(action.action().at()), action.action().text());
        } else if (event instanceof RunEvent.StageEnded ended) {
            out.printf("%s  %-6s %s (%s)%n", TIME.format(ended.stage().ended()), ended.stage().outcome(), label(ended.stage()),
                    seconds(ended.stage().duration()));
        } else if (event instanceof RunEvent.RunEnded ended) {
            out.printf("run %s %s in %s%n", ended.run().runId(), ended.run().outcome(), seconds(ended.run().duration()));
        }
        out.flush();
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

    /** "1 node", "3 nodes". */
    static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    static String describe(RunRecord run) {
        return (run.executed() ? "executed" : "dry run") + ", trigger " + run.trigger() + ", mode " + run.mode();
    }
}
