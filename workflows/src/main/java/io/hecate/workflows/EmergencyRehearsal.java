package io.hecate.workflows;

import io.hecate.engine.FileTrees;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.engine.runtime.RunFollower;
import io.hecate.engine.runtime.WorkflowCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The emergency shutdown played {@value #RUNS} times, as dry runs, on a throwaway engine whose state (database, intent
 * file, locks) lives in a temporary directory: the daemon does it after boot so that its first real trigger runs code
 * that has run before (class loading, first-call linkage, the engine's and the delegates' lazy set-up) and often
 * enough to be compiled: the JIT compiles a method after a few hundred calls, so one rehearsal left a daemon's first
 * trigger at ~80 ms to its first node command (a later trigger: ~35 ms), ten at ~45 ms. The nine more runs cost
 * ~0.1 s of CPU: the engine's start is most of a rehearsal.
 * <p>
 * A dry run connects to no node and no Kubernetes API, and the rehearsal's config never cuts the UPS load, so its
 * last stages do not ask the UPS either. The daemon's own history, metrics and intent file never see it. What a dry
 * run leaves out before the first node command, writing the intent, is done in the directory; the SSH commands are
 * the daemon's other warm-up. Outside its directory it only removes what a rehearsal killed with its process left
 * (each directory is named after its process).
 */
public final class EmergencyRehearsal {

    /** How many times the emergency shutdown is played. */
    public static final int RUNS = 10;
    private static final String PREFIX = "hecate-rehearsal-";
    /** A rehearsal's directory: the prefix, the id of the process that made it, a random part. */
    private static final Pattern LEFTOVER = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");

    private EmergencyRehearsal() {
    }

    /**
     * Plays it on the system clock and cleans up; {@code workflows} is the daemon's catalog (checked already), so an
     * operator's edited emergency workflow is the one rehearsed. It gives way when {@code giveWay} says so, looked at
     * before the engine boots and before each run: it is never interrupted, since an interrupt that hits H2 writing
     * its file closes the database under the engine (the directory is removed either way).
     * @return the rehearsal's last run as it ended: succeeded unless something is wrong with the dry path (a run that
     *     did not succeed is the last); empty when it gave way
     * @throws IllegalStateException when a run did not end within {@code limit}
     */
    public static Optional<RunRecord> play(HecateConfig config, WorkflowCatalog workflows, Duration limit, BooleanSupplier giveWay)
            throws IOException, InterruptedException {
        Clock clock = Clock.systemUTC();
        removeLeftovers();
        if (giveWay.getAsBoolean()) {
            return Optional.empty();
        }
        Path dir = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
        try {
            HecateConfig rehearsal = config.withStateDir(dir).keepingUpsLoad();
            try (HecateEngine engine = WorkflowRuntime.open(rehearsal, workflows, clock)) {
                engine.startJobExecutor();
                RunLifecycle lifecycle = new RunLifecycle(engine, dir, clock);
                IntentStore intent = new IntentStore(rehearsal.intentFile(), clock);
                RunRecord run = null;
                for (int i = 0; i < RUNS && (run == null || run.succeeded()); i++) {
                    if (giveWay.getAsBoolean()) {
                        return Optional.empty();
                    }
                    run = playOnce(lifecycle, engine, limit);
                    // the one write a dry run leaves out before the first node command: the intent, here in the directory
                    intent.writeFor(run.runId(), IntentState.SHUTTING_DOWN, "rehearsal");
                }
                return Optional.of(run);
            }
        } finally {
            FileTrees.delete(dir);
        }
    }

    private static RunRecord playOnce(RunLifecycle lifecycle, HecateEngine engine, Duration limit) throws InterruptedException {
        String runId = lifecycle.startEmergency(Trigger.UPS, "rehearsal", Map.of(), line -> { }, false)
                .orElseThrow(() -> new IllegalStateException("the rehearsal found a shutdown running in its own state"));
        RunRecord run = new RunFollower(engine.history()).follow(runId, limit, event -> { });
        if (run == null || run.running()) {
            throw new IllegalStateException("the rehearsal did not end within " + limit.toSeconds() + " s");
        }
        return run;
    }

    /** What a rehearsal killed with its process left behind (a process of that id no longer runs). */
    private static void removeLeftovers() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            for (Path dir : dirs.toList()) {
                Matcher owner = LEFTOVER.matcher(dir.getFileName().toString());
                if (owner.matches() && ProcessHandle.of(Long.parseLong(owner.group(1))).isEmpty()) {
                    FileTrees.deleteQuietly(dir); // one that will not go (another user's) is not this rehearsal's business
                }
            }
        }
    }
}
