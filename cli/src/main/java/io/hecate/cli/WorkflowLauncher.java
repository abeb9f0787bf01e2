package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.engine.runtime.RunFollower;
import io.hecate.engine.runtime.RunIds;
import io.hecate.engine.runtime.RunVariables;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.WorkflowRuntime;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Starts a workflow in an engine of its own, prints it stage by stage, and turns its outcome into an exit code. */
final class WorkflowLauncher {

    private static final Duration FOLLOW_LIMIT = Duration.ofHours(6);

    private WorkflowLauncher() {
    }

    /**
     * An executed emergency shutdown is not started while a shutdown runs (the daemon's, or a peer's forwarded
     * one): that is an answer, not an error. Checked before the engine boots, and again once it has under the
     * {@link ShutdownStartLock} the daemon takes too, so the two cannot both start one.
     */
    static int launch(HecateConfig config, String workflow, String trigger, String mode, boolean execute, String reason,
            PrintWriter out) throws InterruptedException {
        return launch(config, workflow, trigger, mode, execute, reason, Map.of(), out);
    }

    /** {@code extra}: the workflow's own run facts (primitives only, never secrets), e.g. a forced Flux branch. */
    static int launch(HecateConfig config, String workflow, String trigger, String mode, boolean execute, String reason,
            Map<String, Object> extra, PrintWriter out) throws InterruptedException {
        boolean once = execute && HecateWorkflows.EMERGENCY_SHUTDOWN.equals(workflow);
        IntentStore intents = new IntentStore(config.intentFile());
        if (once && alreadyRunning(HistoryAccess.open(config), intents, workflow, out)) {
            return ExitCodes.OK;
        }
        Clock clock = Clock.systemUTC();
        String runId = RunIds.next(clock);
        out.printf("hecate %s: %s, run %s%n", workflow, execute ? "EXECUTING" : "dry run (nothing is touched; add --execute to act)", runId);
        out.flush();
        try (HecateEngine engine = WorkflowRuntime.open(config, clock)) {
            Map<String, Object> variables = RunVariables.of(runId, trigger, mode, execute, reason);
            extra.forEach(variables::putIfAbsent);
            if (once) {
                try (ShutdownStartLock lock = ShutdownStartLock.acquire(config.stateDir())) {
                    if (alreadyRunning(Optional.of(engine.history()), intents, workflow, out)) {
                        return ExitCodes.OK;
                    }
                    engine.start(workflow, variables);
                }
            } else {
                engine.start(workflow, variables);
            }
            engine.startJobExecutor();
            RunRecord run = new RunFollower(engine.history()).follow(runId, FOLLOW_LIMIT, new RunConsole(out));
            if (run == null || run.running()) {
                throw new RunFailedException("run " + runId + " did not finish within " + FOLLOW_LIMIT.toHours() + " h");
            }
            if (!RunRecord.SUCCEEDED.equals(run.outcome())) {
                throw new RunFailedException("run " + runId + " " + run.outcome() + (run.detail() == null ? "" : ": " + run.detail())
                        + "; see 'hecate runs show " + runId + "'");
            }
            out.printf("timeline: hecate runs show %s --config %s%n", runId, config.file());
            return ExitCodes.OK;
        }
    }

    private static boolean alreadyRunning(Optional<RunHistory> history, IntentStore intents, String workflow, PrintWriter out) {
        Optional<RunRecord> running = history.flatMap(h -> RunningShutdowns.find(h, intents));
        running.ifPresent(run -> {
            out.printf("hecate %s: already running: %s; not starting another%n", workflow, RunningShutdowns.describe(run));
            out.flush();
        });
        return running.isPresent();
    }
}
