package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabEvent;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.lab.LabSpec;
import io.hecate.drills.run.EngineSession;
import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunOwner;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.RunStart;
import io.hecate.engine.history.StageRecord;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.runtime.EngineDatabase;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run lifecycle with real processes and real signals: the packaged jar runs the CLI (and a daemon) in JVMs
 * of their own against the lab; they are killed with SIGKILL or stopped with SIGINT mid-stage. Every run must
 * end in a true, visible state, an orphaned emergency shutdown must be finished by the daemon, and no run may
 * be resumed behind anyone's back.
 */
class RunLifecycleIT {

    private static final Path JAR = Path.of("target", "hecate.jar");
    private static final Duration SLOW_STOP = Duration.ofSeconds(3);
    private static final Path OUTPUT = Path.of("target", "run-lifecycle-it");

    @TempDir
    Path dir;
    private Lab lab;
    private final List<Process> processes = new ArrayList<>();
    private Daemon daemon;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (daemon != null) {
            daemon.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private void startLab(Duration stopDelay, Duration poweroffDelay) {
        LabSpec spec = LabSpec.defaults(dir.resolve("lab"));
        lab = Lab.start(new LabSpec(spec.controlPlanes(), spec.workers(), stopDelay, spec.startDelay(), poweroffDelay,
                spec.snapshotDelay(), spec.workDir(), spec.k3sStartsAtBoot()));
    }

    @Test
    void killedManualShutdownIsSeenInterruptedAtOnceNeverResumedSilentlyAndResumedOnRequest() throws Exception {
        startLab(SLOW_STOP, Duration.ofMillis(200));
        Process cli = hecate("shutdown", "--execute", "--config", config());
        String runId = awaitStage("StopAgents");

        cli.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Instant killed = Instant.now();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> statusSays(runId, RunRecord.INTERRUPTED));
        System.out.printf("orphan seen by status %d ms after kill -9%n", Duration.between(killed, Instant.now()).toMillis());

        CliRun refused = CliRun.of("startup", "--config", config());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("was interrupted", "hecate runs resume " + runId, "hecate runs abort " + runId);

        daemon = Daemon.start(ConfigLoader.load(lab.configFile()), Clock.systemUTC());
        Thread.sleep(SLOW_STOP.plusSeconds(3).toMillis());
        int eventsBefore = lab.events().size();
        Thread.sleep(4000);
        assertThat(run(runId).outcome()).as("a manual run is never resumed by the daemon").isEqualTo(RunRecord.INTERRUPTED);
        assertThat(lab.events().subList(eventsBefore, lab.events().size())).noneMatch(e -> e.what().startsWith("ran: "));

        CliRun resumed = CliRun.of("runs", "resume", runId, "--config", config());

        assertThat(resumed.out()).contains("resuming run " + runId);
        RunRecord done = run(runId);
        assertThat(done.running()).isFalse();
        assertThat(done.outcome()).isIn(RunRecord.SUCCEEDED, RunRecord.PARTIAL);
        assertThat(done.resumed()).isTrue();
        assertThat(done.sample()).as("a resumed run is never a budget sample").isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        assertThat(poweroffsPerNode()).allSatisfy((node, times) -> assertThat(times).as(node).isEqualTo(1));
        assertThat(intents().read().effectiveState()).contains(IntentState.SHUTDOWN_COMPLETE);
    }

    @Test
    void killedEmergencyShutdownIsTakenOverAndFinishedByTheDaemon() throws Exception {
        startLab(SLOW_STOP, Duration.ofMillis(200));
        Process cli = hecate("shutdown", "--emergency", "--execute", "--config", config());
        String runId = awaitStage("StopAndPowerOffNodes");

        cli.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Instant restarted = Instant.now();
        daemon = Daemon.start(ConfigLoader.load(lab.configFile()), Clock.systemUTC());

        // the figure is <= 10 s; the bound here leaves room for a loaded CI machine, the figure is printed
        RunRecord done = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> run(runId), r -> !r.running() && !RunRecord.INTERRUPTED.equals(r.outcome()));
        System.out.printf("emergency taken over and finished %d ms after the daemon started%n",
                Duration.between(restarted, done.ended()).toMillis());
        assertThat(done.outcome()).isIn(RunRecord.SUCCEEDED, RunRecord.PARTIAL);
        assertThat(done.resumed()).isTrue();
        assertThat(done.sample()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        assertThat(poweroffsPerNode()).allSatisfy((node, times) -> assertThat(times).as(node).isEqualTo(1));
        assertThat(runs()).extracting(RunRecord::runId).containsExactly(runId);
    }

    @Test
    void killedDaemonsEmergencyShutdownIsFinishedByTheNextDaemon() throws Exception {
        startLab(Duration.ofMillis(200), Duration.ofSeconds(3));
        Files.createDirectories(OUTPUT);
        Path firstOut = OUTPUT.resolve(System.currentTimeMillis() + "-first-daemon.out");
        Process first = hecate(firstOut, "daemon", "--config", config());
        await().atMost(Duration.ofSeconds(40)).until(() -> Files.readString(firstOut).contains("metrics on"));
        lab.ups().lowBattery();
        String runId = awaitStage("StopAndPowerOffNodes");
        await().atMost(Duration.ofSeconds(10)).until(() -> !poweroffsPerNode().isEmpty());

        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Instant restarted = Instant.now();
        Process second = hecate("daemon", "--config", config());

        RunRecord done = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                .until(() -> run(runId), r -> !r.running() && !RunRecord.INTERRUPTED.equals(r.outcome()));
        System.out.printf("daemon's emergency finished by the next daemon %d ms after it was started%n",
                Duration.between(restarted, done.ended()).toMillis());
        assertThat(done.outcome()).isIn(RunRecord.SUCCEEDED, RunRecord.PARTIAL);
        assertThat(done.resumed()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        assertThat(runs()).as("the still-low UPS did not start a second shutdown")
                .extracting(RunRecord::runId).containsExactly(runId);
        assertThat(second.isAlive()).isTrue();
    }

    @Test
    void ctrlCStopsTheRunAtOnceRecordsItInterruptedAndSaysHowToGoOn() throws Exception {
        startLab(SLOW_STOP, Duration.ofMillis(200));
        Path out = dir.resolve("cli.out");
        Process cli = hecate(out, "shutdown", "--execute", "--config", config());
        String runId = awaitStage("StopAgents");

        new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).start().waitFor();
        new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).start().waitFor();

        assertThat(cli.waitFor(5, TimeUnit.SECONDS)).as("stops at once").isTrue();
        assertThat(cli.exitValue()).isEqualTo(ExitCodes.STAGE_FAILED);
        assertThat(Files.readString(out)).contains("run " + runId + " interrupted by SIGINT (Ctrl-C), in stage StopAgents",
                "already acted on:", "hecate runs resume " + runId, "hecate runs abort " + runId);
        RunRecord run = run(runId);
        assertThat(run.outcome()).isEqualTo(RunRecord.INTERRUPTED);
        assertThat(run.interruptedResumable()).isTrue();

        CliRun aborted = CliRun.of("runs", "abort", runId, "--reason", "operator changed their mind", "--config", config());

        assertThat(aborted.exitCode()).as(aborted.err()).isZero();
        assertThat(run(runId).outcome()).isEqualTo(RunRecord.ABORTED);
        assertThat(intents().read().effectiveState()).contains(IntentState.ABORTED);
        assertThat(CliRun.of("runs", "resume", runId, "--config", config()).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void aRunFromAPreviousBootIsClosedAndTheStartupProceedsAsAfterACompletedShutdown() throws Exception {
        startLab(Duration.ofMillis(200), Duration.ofMillis(200));
        try (EngineSession ignored = EngineSession.open(lab.configFile())) {
            // creates the history; the run below stands for one cut by the host losing power
        }
        history(h -> {
            RunOwner before = new RunOwner(4242, RunOwner.thisHost(), "boot-before-the-outage", 4242, Instant.now().minusSeconds(600),
                    Instant.now().minusSeconds(590));
            h.ownerStarted(before);
            h.runStarted(new RunStart("cut-1", HecateWorkflows.EMERGENCY_SHUTDOWN, "ups", "emergency", true,
                    Instant.now().minusSeconds(595), "no-such-instance", before.token()));
            return null;
        });
        intents().write(IntentState.SHUTTING_DOWN, "ups: battery low", "cut-1");

        CliRun startup = CliRun.of("startup", "--config", config());

        assertThat(startup.exitCode()).as(startup.err()).isZero();
        assertThat(startup.err()).contains("cut-1 was cut when this host restarted", "as after a completed shutdown");
        RunRecord cut = run("cut-1");
        assertThat(cut.outcome()).isEqualTo(RunRecord.INTERRUPTED);
        assertThat(cut.interruptedResumable()).isFalse();
        assertThat(cut.detail()).startsWith("host restarted");
    }

    @Test
    void anEmergencyDuringAStartupSupersedesIt() throws Exception {
        startLab(Duration.ofMillis(200), Duration.ofMillis(200));
        lab.configure("startup.api_timeout_seconds", 60);
        String startupRun;
        try (EngineSession session = EngineSession.open(lab.configFile())) {
            lab.faults().apiNeverReturns(true);
            startupRun = session.start(HecateWorkflows.STARTUP, Trigger.CLI, RunMode.STARTUP, true, null);
            awaitStage("WaitForApi");

            CliRun emergency = CliRun.of("shutdown", "--emergency", "--execute", "--config", config());

            assertThat(emergency.exitCode()).as(emergency.out() + emergency.err()).isZero();
            assertThat(emergency.out()).contains("superseded hecate-startup run " + startupRun);
            RunRecord startup = run(startupRun);
            assertThat(startup.outcome()).isEqualTo(RunRecord.SUPERSEDED);
            assertThat(startup.detail()).contains("superseded by emergency shutdown run");
            Thread.sleep(3000);
            assertThat(intents().read().effectiveState())
                    .as("the superseded startup cannot set intent normal").contains(IntentState.SHUTDOWN_COMPLETE);
            assertThat(session.engine().processEngine().getRuntimeService().createProcessInstanceQuery().count()).isZero();
        }
        assertThat(lab.nodes()).noneMatch(LabNode::poweredOn);
    }

    private boolean statusSays(String runId, String outcome) {
        return CliRun.of("status", "--config", config()).out().lines()
                .anyMatch(line -> line.contains(runId) && line.contains(" " + outcome + " "));
    }

    private Map<String, Long> poweroffsPerNode() {
        return lab.events().stream().filter(e -> e.what().equals("powering off"))
                .collect(Collectors.groupingBy(LabEvent::node, Collectors.counting()));
    }

    private List<RunRecord> runs() {
        return history(h -> h.runs(10));
    }

    private IntentStore intents() {
        return new IntentStore(ConfigLoader.load(lab.configFile()).intentFile());
    }

    private String config() {
        return lab.configFile().toString();
    }

    /** Waits until some run has a row for this stage, returns that run's id. */
    private String awaitStage(String stage) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> history(h -> h == null ? Optional.<String>empty() : h.runs(5).stream()
                        .filter(run -> h.stages(run.runId()).stream().map(StageRecord::stage).anyMatch(stage::equals))
                        .map(RunRecord::runId).findFirst()), Optional::isPresent)
                .orElseThrow();
    }

    private RunRecord run(String runId) {
        return history(h -> h.run(runId).orElseThrow());
    }

    /**
     * A pool of its own per read, as {@code hecate status} reads: another JVM may serve the database, may be killed
     * between reads, or may still be creating it (then {@code read} gets null).
     */
    private <T> T history(Function<RunHistory, T> read) {
        Optional<RunHistory> history = EngineDatabase.existingHistory(ConfigLoader.load(lab.configFile()).engineDir());
        try {
            return read.apply(history.orElse(null));
        } finally {
            history.ifPresent(RunHistory::close);
        }
    }

    /** Output kept under target/ so a failure can be read after the temp dir is gone. */
    private Process hecate(String... args) throws IOException {
        Files.createDirectories(OUTPUT);
        return hecate(OUTPUT.resolve(System.currentTimeMillis() + "-" + args[0] + ".out"), args);
    }

    private Process hecate(Path stdout, String... args) throws IOException {
        assertThat(JAR).as("the packaged jar (mvn package runs before the integration tests)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stdout.resolveSibling(stdout.getFileName() + ".err").toFile()).start();
        processes.add(process);
        return process;
    }
}
