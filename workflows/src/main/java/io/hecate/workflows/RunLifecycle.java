package io.hecate.workflows;

import io.hecate.engine.FileMutex;
import io.hecate.engine.history.OrphanSweep;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.UnwritableStateDir;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.engine.runtime.RunIds;
import io.hecate.engine.runtime.RunVariables;
import io.hecate.engine.runtime.WorkflowException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The run-lifecycle rules that need an engine, in one place for the daemon and the CLI: orphans are swept
 * first; a run cut by a host restart is closed for good; an orphaned emergency shutdown is taken over by the
 * daemon; an emergency shutdown starts only when no executed shutdown runs, and supersedes startups and
 * interrupted runs before it starts, all under one lock across processes.
 */
public final class RunLifecycle {

    private static final Set<String> SHUTDOWNS = Set.of(HecateWorkflows.SHUTDOWN, HecateWorkflows.EMERGENCY_SHUTDOWN);
    private static final Set<String> STARTUPS = Set.of(HecateWorkflows.STARTUP, HecateWorkflows.POWER_RESTORE);
    private static final int RECENT = 50;
    /** Held from "does a run stand in the way?" until the new run is recorded, across processes. */
    private static final String START_LOCK = "shutdown-start.lock";

    private final HecateEngine engine;
    private final Path stateDir;
    private final Clock clock;

    public RunLifecycle(HecateEngine engine, Path stateDir, Clock clock) {
        this.engine = engine;
        this.stateDir = stateDir;
        this.clock = clock;
    }

    /**
     * Sweeps orphans and closes the process instances of runs a host restart cut (never resumed).
     * @param takeOverEmergencies the daemon's duty: finish every orphaned executed emergency shutdown here
     * @return what was done, one line each, for the log
     */
    public List<String> tidy(boolean takeOverEmergencies) {
        RunHistory history = engine.history();
        List<String> done = new ArrayList<>();
        for (RunRecord run : new OrphanSweep(history, clock).sweep()) {
            done.add("run " + run.runId() + " (" + run.workflow() + ") interrupted: " + run.detail());
            if (!run.resumable()) {
                engine.end(run, RunRecord.INTERRUPTED, run.detail());
            }
        }
        if (takeOverEmergencies) {
            takeOverEmergencies(done::add);
        }
        return done;
    }

    /** Takes over every orphaned executed emergency shutdown: one always completes. @return the runs now going on here */
    private List<RunRecord> takeOverEmergencies(Consumer<String> say) {
        List<RunRecord> taken = new ArrayList<>();
        for (RunRecord run : engine.history().resumableRuns()) {
            if (run.executed() && HecateWorkflows.EMERGENCY_SHUTDOWN.equals(run.workflow())) {
                try {
                    engine.resume(run, "taken over: its owner is gone and an emergency shutdown always completes");
                    say.accept("run " + run.runId() + " (" + run.workflow() + ") taken over and going on");
                    taken.add(run);
                } catch (WorkflowException e) {
                    say.accept("run " + run.runId() + " cannot be taken over: " + e.getMessage());
                }
            }
        }
        return taken;
    }

    /** Closes the process instances of recent runs a host restart cut, whoever swept them (e.g. {@code hecate status}). */
    public void closeHostRestarted() {
        engine.history().runs(RECENT).stream()
                .filter(run -> RunRecord.INTERRUPTED.equals(run.outcome()) && !run.resumable())
                .forEach(run -> engine.end(run, RunRecord.INTERRUPTED, run.detail()));
    }

    /** An executed run that goes on (its owner lives, once orphans were swept): it holds the cluster. */
    public static Optional<RunRecord> runningExecuted(RunHistory history) {
        return history.runningRuns().stream().filter(RunRecord::executed).findFirst();
    }

    /** An executed shutdown (full or emergency) that runs (its owner lives, once orphans were swept). */
    public static Optional<RunRecord> runningShutdown(RunHistory history) {
        return history.runningRuns().stream()
                .filter(run -> run.executed() && SHUTDOWNS.contains(run.workflow()))
                .findFirst();
    }

    /**
     * Starts an executed emergency shutdown unless one runs already: under the shutdown start lock (so the
     * daemon, a CLI and peers' forwarded triggers cannot both start one), orphans swept; an orphaned emergency
     * shutdown is taken over rather than replaced; otherwise every executed startup that runs and every
     * interrupted run is ended as superseded by the new run before it starts.
     * @param facts the run's own facts besides {@link RunVariables#of} (primitives), e.g. a forwarded trigger's instant
     * @param say one line per decision (superseded runs, an emergency already running)
     * @return the id of the run now going on here (new or taken over), or empty when a shutdown runs already
     */
    public Optional<String> startEmergency(Trigger trigger, String reason, Map<String, Object> facts, Consumer<String> say) {
        return startEmergency(trigger, reason, facts, say, true);
    }

    /** {@link #startEmergency} as a dry run when not {@code execute}: {@link EmergencyRehearsal} plays the same path. */
    Optional<String> startEmergency(Trigger trigger, String reason, Map<String, Object> facts, Consumer<String> say, boolean execute) {
        try (FileMutex lock = emergencyStartLock(say)) {
            new OrphanSweep(engine.history(), clock).sweep();
            Optional<RunRecord> running = runningShutdown(engine.history());
            if (running.isPresent()) {
                say.accept("already running: " + describe(running.get()) + "; not starting another");
                return Optional.empty();
            }
            // an emergency shutdown whose owner died is finished, not replaced: its stages already done stay done
            List<RunRecord> orphans = takeOverEmergencies(say);
            if (!orphans.isEmpty()) {
                return Optional.of(orphans.get(0).runId());
            }
            String runId = RunIds.next(clock);
            for (RunRecord run : supersededByEmergency()) {
                engine.end(run, RunRecord.SUPERSEDED, "superseded by emergency shutdown run " + runId);
                say.accept("superseded " + describe(run) + " by emergency shutdown run " + runId);
            }
            Map<String, Object> variables = RunVariables.of(runId, trigger.wire(), RunMode.EMERGENCY.wire(), execute, reason);
            facts.forEach(variables::putIfAbsent);
            engine.start(HecateWorkflows.EMERGENCY_SHUTDOWN, variables);
            return Optional.of(runId);
        }
    }

    /**
     * The shutdown start lock, or none (null) when the state dir refuses even that file (a read-only file system): an
     * emergency shutdown then starts without it, and says so.
     */
    private FileMutex emergencyStartLock(Consumer<String> say) {
        Path lock = stateDir.resolve(START_LOCK);
        try {
            return FileMutex.acquire(lock);
        } catch (UncheckedIOException e) {
            if (!UnwritableStateDir.caused(e)) {
                throw e;
            }
            say.accept("cannot take the start lock " + lock + " (" + e.getCause().getMessage() + "); starting without it");
            return null;
        }
    }

    /**
     * Starts an executed power restore under the same shutdown start lock as {@link #startEmergency}, so a restore
     * and an emergency never both start: not while an executed shutdown, startup or restore runs.
     * @param variables the run's variables ({@link RunVariables#of} plus the restore's facts)
     * @return the new run's id, or empty when something runs already (said through {@code say})
     */
    public Optional<String> startPowerRestore(Map<String, Object> variables, Consumer<String> say) {
        try (FileMutex lock = FileMutex.acquire(stateDir.resolve(START_LOCK))) {
            new OrphanSweep(engine.history(), clock).sweep();
            Optional<RunRecord> running = engine.history().runningRuns().stream()
                    .filter(run -> run.executed() && (SHUTDOWNS.contains(run.workflow()) || STARTUPS.contains(run.workflow())))
                    .findFirst();
            if (running.isPresent()) {
                say.accept("already running: " + describe(running.get()) + "; not starting a power restore");
                return Optional.empty();
            }
            engine.start(HecateWorkflows.POWER_RESTORE, variables);
            return Optional.of(variables.get(RunVariables.RUN_ID).toString());
        }
    }

    private List<RunRecord> supersededByEmergency() {
        RunHistory history = engine.history();
        List<RunRecord> superseded = new ArrayList<>(history.runningRuns().stream()
                .filter(run -> run.executed() && !SHUTDOWNS.contains(run.workflow()))
                .toList());
        superseded.addAll(history.resumableRuns());
        return superseded;
    }

    public static String describe(RunRecord run) {
        return run.workflow() + " run " + run.runId() + " (trigger " + run.trigger() + ", started " + run.started() + ")";
    }
}
