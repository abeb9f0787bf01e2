package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.OrphanSweep;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.StageRecord;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) or SIGTERM while this process follows its run: the run is recorded {@code interrupted} at
 * once, the operator is told where it stopped, which nodes it already acted on and the two ways on, and the
 * process ends without finishing the running stage (halt: no shutdown hook may close the database under a
 * write, and no further job starts). A second signal changes nothing. The run's jobs carry this process's
 * owner token, so nothing else picks them up until {@code hecate runs resume}.
 */
final class RunInterruption implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final RunHistory history;
    private final HecateConfig config;
    private final String runId;
    private final PrintWriter out;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final Map<String, SignalHandler> previous = new LinkedHashMap<>();

    private RunInterruption(RunHistory history, HecateConfig config, String runId, PrintWriter out) {
        this.history = history;
        this.config = config;
        this.runId = runId;
        this.out = out;
    }

    static RunInterruption watch(RunHistory history, HecateConfig config, String runId, PrintWriter out) {
        RunInterruption interruption = new RunInterruption(history, config, runId, out);
        for (String name : SIGNALS) {
            interruption.previous.put(name, Signal.handle(new Signal(name), interruption::onSignal));
        }
        return interruption;
    }

    private void onSignal(Signal signal) {
        if (!fired.compareAndSet(false, true)) {
            return;
        }
        String cause = "interrupted by SIG" + signal.getName() + (signal.getName().equals("INT") ? " (Ctrl-C)" : "");
        try {
            String where = new OrphanSweep(history, Clock.systemUTC()).stoppedIn(runId);
            history.runInterrupted(runId, cause + " " + where, true, Clock.systemUTC().instant());
            out.printf("%nhecate: run %s %s, %s%n", runId, cause, where);
            out.printf("  already acted on: %s%n", actedOn());
            out.printf("  to go on:   hecate runs resume %s --config %s%n", runId, config.file());
            out.printf("  to end it:  hecate runs abort %s --reason TEXT --config %s%n", runId, config.file());
        } catch (RuntimeException e) {
            out.printf("%nhecate: run %s %s; recording it failed (%s): 'hecate status' shows it interrupted once this"
                    + " process is gone%n", runId, cause, e.getMessage());
        } finally {
            out.flush();
            Runtime.getRuntime().halt(ExitCodes.STAGE_FAILED);
        }
    }

    /** Per stage, the nodes whose command went through: "Stop k3s-agent on workers: titan-04, titan-05". */
    private String actedOn() {
        Map<String, List<String>> byStage = history.stages(runId).stream()
                .filter(s -> s.node() != null && "ok".equals(s.outcome()))
                .collect(Collectors.groupingBy(RunInterruption::stageName, LinkedHashMap::new,
                        Collectors.mapping(StageRecord::node, Collectors.toList())));
        if (byStage.isEmpty()) {
            return "no node yet";
        }
        return byStage.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }

    private static String stageName(StageRecord stage) {
        return stage.name() == null ? stage.stage() : stage.name();
    }

    /**
     * Once a signal fired, the run's end belongs to the signal's thread: the follower, woken by the interrupted
     * record, must neither report the run nor restore the default handlers (a second Ctrl-C would then end the
     * process as 130 before the record and the advice are out). This thread waits for the halt.
     */
    @Override
    public void close() {
        while (fired.get()) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // the process is halting anyway
            }
        }
        previous.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
    }
}
