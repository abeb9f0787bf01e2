package io.hecate.drills.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabEvent;
import io.hecate.drills.lab.LabSpec;
import io.hecate.drills.run.EngineSession;
import io.hecate.drills.run.FinishedRun;
import io.hecate.engine.FileTrees;
import io.hecate.engine.history.StageRecord;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;

/**
 * The emergency shutdown on labs of growing size where every node takes {@link #STOP} to stop k3s: how close
 * the wall time stays to the slowest node. Not a test; {@code bench/emergency-shutdown.sh} runs it.
 * Arguments: node counts (default 10 50 200); {@code --warm} opens every node's SSH session before the run, as the
 * daemon does from the first on-battery poll (the daemon's real case); without it the run connects itself.
 */
public final class EmergencyBench {

    static final Duration STOP = Duration.ofSeconds(2);
    private static final String STAGE = "StopAndPowerOffNodes";
    private static final int CONTROL_PLANES = 3;

    record Row(int nodes, Duration labStart, Duration engineStart, Duration stopNodes, Duration run, boolean allStopped,
               List<String> warnings, String breakdown) {
    }

    private EmergencyBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        int repeat = 3;
        boolean warm = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--warm")) {
                warm = true;
            } else {
                sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10, 50, 200);
        }
        PrintStream out = System.out;
        out.printf("emergency shutdown on the lab, every node takes %d s to stop; %s; %d runs per size, the median shown%n",
                STOP.toSeconds(), warm ? "SSH sessions open before the run, as the daemon has them on battery"
                        : "the run opens its SSH sessions itself", repeat);
        List<Row> medians = new ArrayList<>();
        for (int nodes : sizes) {
            List<Row> runs = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                Row row = measure(nodes, warm);
                runs.add(row);
                out.printf("  %3d nodes: StopAndPowerOffNodes %s (%s), run %s%n", nodes, seconds(row.stopNodes()), row.breakdown(),
                        seconds(row.run()));
                row.warnings().forEach(warning -> out.println("    " + warning));
            }
            runs.sort(Comparator.comparing(Row::stopNodes));
            medians.add(runs.get(runs.size() / 2));
        }
        out.println();
        out.printf("%6s  %10s  %12s  %16s  %16s  %s%n", "nodes", "lab start", "engine start", "stop+poweroff", "whole run", "");
        for (Row row : medians) {
            out.printf("%6d  %10s  %12s  %16s  %16s  %s%n", row.nodes(), seconds(row.labStart()), seconds(row.engineStart()),
                    seconds(row.stopNodes()) + " " + ratio(row.stopNodes()), seconds(row.run()) + " " + ratio(row.run()),
                    row.allStopped() ? "" : "NOT ALL NODES STOPPED");
        }
        out.println("(ratio) = wall time / slowest node's stop (2 s); the poweroffs of two groups add 0.1 s each");
    }

    static Row measure(int nodes, boolean warm) throws Exception {
        Path dir = Files.createTempDirectory("hecate-bench-" + nodes + "-");
        try {
            Duration quick = Duration.ofMillis(100);
            LabSpec spec = new LabSpec(CONTROL_PLANES, nodes - CONTROL_PLANES, STOP, quick, quick, quick, dir, false);
            long t0 = System.nanoTime();
            try (Lab lab = Lab.start(spec)) {
                Duration labStart = Duration.ofNanos(System.nanoTime() - t0);
                long t1 = System.nanoTime();
                try (EngineSession engine = EngineSession.open(lab.configFile())) {
                    Duration engineStart = Duration.ofNanos(System.nanoTime() - t1);
                    if (warm && engine.openSessions().size() != nodes) {
                        throw new IllegalStateException("not every node's SSH session opened before the run");
                    }
                    FinishedRun run = engine.run(HecateWorkflows.EMERGENCY_SHUTDOWN, Trigger.DRILL, RunMode.EMERGENCY, true,
                            Duration.ofMinutes(5));
                    if (!run.succeeded()) {
                        throw new IllegalStateException("run " + run.runId() + " " + run.run().outcome() + ": " + run.run().detail());
                    }
                    StageRecord stopNodes = run.stageRows().stream().filter(s -> s.stage().equals(STAGE))
                            .max(Comparator.comparing(StageRecord::started)).orElseThrow();
                    boolean allStopped = lab.nodes().stream().noneMatch(node -> node.k3sActive());
                    List<String> warnings = run.actions().stream().filter(a -> a.text().startsWith("warning"))
                            .map(a -> a.stage() + ": " + a.text()).toList();
                    return new Row(nodes, labStart, engineStart, stopNodes.duration(), run.run().duration(), allStopped,
                            warnings, breakdown(stopNodes, lab.events()) + "; then " + tail(run, stopNodes));
                }
            }
        } finally {
            FileTrees.deleteQuietly(dir);
        }
    }

    /** Where the stage's time went, from the lab's side: sending every stop, the slowest stop, the poweroffs, recording the end. */
    private static String breakdown(StageRecord stage, List<LabEvent> events) {
        List<LabEvent> inStage = events.stream()
                .filter(e -> !e.at().isBefore(stage.started()) && !e.at().isAfter(stage.ended())).toList();
        Instant lastSent = last(inStage, e -> e.what().startsWith("ran: systemctl stop"), stage.started());
        Instant lastStopped = last(inStage, e -> e.what().endsWith(" stopped"), lastSent);
        Instant lastOff = last(inStage, e -> e.what().equals("powered off"), lastStopped);
        return "every stop sent after " + seconds(Duration.between(stage.started(), lastSent))
                + ", last node stopped after " + seconds(Duration.between(stage.started(), lastStopped))
                + ", last node off after " + seconds(Duration.between(stage.started(), lastOff))
                + ", stage ended " + seconds(Duration.between(lastOff, stage.ended())) + " later";
    }

    private static Instant last(List<LabEvent> events, Predicate<LabEvent> which, Instant otherwise) {
        return events.stream().filter(which).map(LabEvent::at).max(Instant::compareTo).orElse(otherwise);
    }

    /** The stages after the stop and poweroff stage, each from the end of the one before (hops included), to the run's end. */
    private static String tail(FinishedRun run, StageRecord stopNodes) {
        List<String> parts = new ArrayList<>();
        Instant previous = stopNodes.ended();
        List<StageRecord> after = run.stageRows().stream().filter(s -> s.ended() != null && s.started().isAfter(stopNodes.started())
                && !s.stage().equals(stopNodes.stage())).sorted(Comparator.comparing(StageRecord::ended)).toList();
        for (StageRecord stage : after) {
            parts.add(stage.stage() + " " + Duration.between(previous, stage.ended()).toMillis() + " ms");
            previous = stage.ended();
        }
        parts.add("end " + Duration.between(previous, run.run().ended()).toMillis() + " ms");
        return String.join(", ", parts);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }

    private static String ratio(Duration d) {
        return String.format(Locale.ROOT, "(%.2f)", d.toMillis() / (double) STOP.toMillis());
    }

}
