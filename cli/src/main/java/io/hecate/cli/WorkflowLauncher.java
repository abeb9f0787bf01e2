package io.hecate.cli;

import io.hecate.engine.Refusal;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.UnwritableStateDir;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.engine.runtime.RunFollower;
import io.hecate.engine.runtime.RunIds;
import io.hecate.engine.runtime.RunVariables;
import io.hecate.engine.runtime.WorkflowCatalog;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunLifecycle;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.WorkflowRuntime;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Starts (or resumes) a workflow in an engine of its own, prints it stage by stage, and turns its outcome into
 * an exit code. The run belongs to this process: SIGINT/SIGTERM end it as {@code interrupted} at once
 * ({@link RunInterruption}). Executed shutdowns never run twice at once: an emergency shutdown already running
 * is an answer (exit 0), not an error; it supersedes a running startup (see {@link RunLifecycle}).
 */
final class WorkflowLauncher {

    private static final Duration FOLLOW_LIMIT = Duration.ofHours(6);

    private WorkflowLauncher() {
    }

    static int launch(HecateConfig config, String workflow, Trigger trigger, RunMode mode, boolean execute, String reason,
            PrintWriter out) throws InterruptedException {
        return launch(config, workflow, trigger, mode, execute, reason, Map.of(), out);
    }

    /** {@code extra}: the workflow's own run facts (primitives only, never secrets), e.g. a forced Flux branch. */
    static int launch(HecateConfig config, String workflow, Trigger trigger, RunMode mode, boolean execute, String reason,
            Map<String, Object> extra, PrintWriter out) throws InterruptedException {
        HecateEngine.prepare();
        boolean emergency = execute && HecateWorkflows.EMERGENCY_SHUTDOWN.equals(workflow);
        Clock clock = Clock.systemUTC();
        // the BPMN is checked before anything is read or written: a bad override touches no history, intent or node
        WorkflowCatalog workflows = WorkflowRuntime.catalog(config.workflows().dir());
        // answered before the engine boots (a peer's forwarded trigger waits for this); the history stays open until the
        // engine has the file: closing its last connection closes the database, which H2 compacts for up to 0.2 s. A dry
        // run asks nothing (it may run alongside anything): its engine opens the history while Camunda boots.
        HecateEngine booted;
        boolean recorded = true;
        Optional<RunHistory> history = Optional.empty();
        try {
            history = execute ? HistoryAccess.open(config) : Optional.empty();
            Optional<RunRecord> running = history.flatMap(RunLifecycle::runningShutdown);
            if (emergency && running.isPresent()) {
                return alreadyRunning(workflow, running.get(), out);
            }
            if (execute && HecateWorkflows.SHUTDOWN.equals(workflow)) {
                history.flatMap(RunLifecycle::runningExecuted).ifPresent(WorkflowLauncher::refuseAlongside);
            }
            booted = WorkflowRuntime.open(config, workflows, clock);
        } catch (Refusal e) {
            throw e;
        } catch (RuntimeException e) {
            UnwritableStateDir unwritable = UnwritableStateDir.seen(config.stateDir(), e).orElseThrow(() -> e);
            if (!emergency) {
                throw unwritable;
            }
            say(out, workflow, "state_dir " + config.stateDir() + " cannot be written (" + unwritable.reason() + "): running"
                    + " UNRECORDED, in memory: no history, intent or learned budget is kept of this run");
            booted = WorkflowRuntime.openUnrecorded(config, workflows, clock);
            recorded = false;
        } finally {
            history.ifPresent(RunHistory::close);
        }
        try (HecateEngine engine = booted) {
            RunLifecycle lifecycle = new RunLifecycle(engine, config.stateDir(), clock);
            String runId;
            if (emergency) {
                Optional<String> started = lifecycle.startEmergency(trigger, reason, extra, note -> say(out, workflow, note));
                if (started.isEmpty()) {
                    return ExitCodes.OK;
                }
                runId = started.get();
            } else {
                runId = RunIds.next(clock);
                Map<String, Object> variables = RunVariables.of(runId, trigger.wire(), mode.wire(), execute, reason);
                extra.forEach(variables::putIfAbsent);
                engine.start(workflow, variables);
            }
            out.printf("hecate %s: %s, run %s%n", workflow, execute ? "EXECUTING" : "dry run (nothing is touched; add --execute to act)",
                    runId);
            out.flush();
            return follow(engine, config, runId, recorded, out);
        }
    }

    /** Resumes an interrupted run in this process's engine and follows it like a new one. */
    static int resume(HecateConfig config, String runId, PrintWriter out) throws InterruptedException {
        HecateEngine.prepare();
        Clock clock = Clock.systemUTC();
        try (HecateEngine engine = WorkflowRuntime.open(config, clock)) {
            RunHistory history = engine.history();
            new RunLifecycle(engine, config.stateDir(), clock).tidy(false);
            RunRecord run = history.run(runId).orElseThrow(() -> new BadInputException("no run " + runId + " in the history"));
            if (!run.interruptedResumable()) {
                throw new BadInputException("run " + runId + " is " + run.outcome() + (run.detail() == null ? "" : " (" + run.detail() + ")")
                        + "; only an interrupted run whose owner died on this boot can be resumed");
            }
            Optional<RunRecord> other = RunLifecycle.runningExecuted(history);
            if (run.executed() && other.isPresent()) {
                throw new Refusal(RunLifecycle.describe(other.get()) + " is running; resume " + runId + " once it has ended");
            }
            engine.resume(run, "resumed by the operator (hecate runs resume)");
            out.printf("hecate %s: resuming run %s (%s)%n", run.workflow(), runId, RunConsole.describe(run));
            out.flush();
            return follow(engine, config, runId, true, out);
        }
    }

    /** @param recorded whether the run is in the state dir's history (not: an unrecorded emergency shutdown's, in memory) */
    private static int follow(HecateEngine engine, HecateConfig config, String runId, boolean recorded, PrintWriter out)
            throws InterruptedException {
        try (RunInterruption interruption = RunInterruption.watch(engine.history(), config, runId, out)) {
            engine.startJobExecutor();
            RunRecord run = new RunFollower(engine.history()).follow(runId, FOLLOW_LIMIT, new RunConsole(out));
            if (run == null || run.running()) {
                throw new RunFailedException("run " + runId + " did not finish within " + FOLLOW_LIMIT.toHours() + " h");
            }
            String timeline = recorded ? "hecate runs show " + runId + " --config " + config.file()
                    : "none kept (the run was not recorded: the output above is all there is of it)";
            if (!run.succeeded()) {
                throw new RunFailedException("run " + runId + " " + run.outcome() + (run.detail() == null ? "" : ": " + run.detail())
                        + (recorded ? "; see '" + timeline + "'" : "; timeline: " + timeline));
            }
            out.printf("timeline: %s%n", timeline);
            return ExitCodes.OK;
        }
    }

    /** A full shutdown waits for no one: while another executed run goes on it is refused, never run alongside. */
    private static void refuseAlongside(RunRecord running) {
        throw new Refusal(RunLifecycle.describe(running) + " is running; not starting a shutdown alongside it (an emergency"
                + " shutdown, --emergency, supersedes a startup)");
    }

    private static int alreadyRunning(String workflow, RunRecord run, PrintWriter out) {
        say(out, workflow, "already running: " + RunLifecycle.describe(run) + "; not starting another");
        return ExitCodes.OK;
    }

    private static void say(PrintWriter out, String workflow, String note) {
        out.printf("hecate %s: %s%n", workflow, note);
        out.flush();
    }
}
