package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.lab.LabSpec;
import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.runtime.EngineDatabase;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.Trigger;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * A peer daemon on the lab's UPS whose coordinator is an in-process SSHD running the real command line
 * against the lab's own config (the coordinator's state dir). The coordinator runs no daemon here, so any
 * run in its history came through the forwarded command.
 */
class PeerForwardingIT {

    static final Duration RUN_LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    Lab lab;
    CoordinatorSshd coordinator;
    Daemon peer;

    @BeforeEach
    void start() throws Exception {
        lab = Lab.start(LabSpec.defaults(dir.resolve("lab")));
        coordinator = CoordinatorSshd.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (peer != null) {
            peer.close();
        }
        coordinator.close();
        lab.close();
    }

    @Test
    void peersTriggerLandsOnTheCoordinator() throws Exception {
        peer = Daemon.start(peerConfig(coordinator.address()), Clock.systemUTC());

        lab.ups().lowBattery();

        RunRecord run = await().atMost(RUN_LIMIT).until(() -> endedEmergencyRun(coordinatorRuns()), Optional::isPresent).get();
        assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(run.trigger()).as("a forwarded trigger feeds the learned emergency budget").isEqualTo(Trigger.PEER.wire());
        assertThat(coordinator.commands()).hasSize(1);
        assertThat(coordinator.commands().get(0))
                .startsWith("hecate shutdown --emergency --execute --trigger peer --reason 'peer lab/")
                .contains("low battery (LB) on battery").containsPattern(" --triggered-at \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z ")
                .endsWith(" --config '" + lab.configFile() + "'");
        assertThat(run.triggeredAt()).as("the peer's trigger, before the coordinator's JVM and engine started").isBefore(run.started());
        assertThat(run.sampleDuration()).isGreaterThan(run.duration());
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        assertThat(peer.engine().history().runs(10)).isEmpty();
    }

    @Test
    void aForwardedRunsBudgetSampleCountsFromThePeersTrigger() {
        Instant triggered = Instant.now().minusSeconds(5);

        CliRun forwarded = CliRun.of("shutdown", "--emergency", "--execute", "--trigger", "peer", "--reason", "peer test: LB",
                "--triggered-at", TriggeredAt.format(triggered), "--config", lab.configFile().toString());

        assertThat(forwarded.exitCode()).as(forwarded.err()).isEqualTo(ExitCodes.OK);
        RunRecord run = endedEmergencyRun(coordinatorRuns()).orElseThrow();
        assertThat(run.sample()).isTrue();
        assertThat(run.triggeredAt()).isEqualTo(TriggeredAt.format(triggered).transform(Instant::parse));
        assertThat(run.sampleDuration()).isGreaterThanOrEqualTo(Duration.ofSeconds(5))
                .isEqualTo(Duration.between(run.triggeredAt(), run.ended()));
        try (RunHistory history = RunHistory.owning(EngineDatabase.historyPool(ConfigLoader.load(lab.configFile()).engineDir()))) {
            assertThat(history.successfulDurations(HecateWorkflows.EMERGENCY_SHUTDOWN, java.util.Set.of(Trigger.PEER.wire()), 5))
                    .containsExactly(run.sampleDuration());
        }
        CliRun show = CliRun.of("runs", "show", run.runId(), "--config", lab.configFile().toString());
        assertThat(show.out()).containsPattern("triggered \\S+ \\S+ on the peer, \\d+\\.\\d\\d s before the start")
                .contains("budget sample: yes, " + RunConsole.seconds(run.sampleDuration()));
    }

    @Test
    void aForwardedTriggerThatTimesOutAfterTheCoordinatorTookItStartsNoLocalShutdown() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        try {
            coordinator.holdShutdownAnswers();
            peer = Daemon.start(peerConfig(coordinator.address()), Clock.systemUTC());

            lab.ups().lowBattery();

            RunRecord run = await().atMost(RUN_LIMIT).until(() -> endedEmergencyRun(coordinatorRuns()), Optional::isPresent).get();
            assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
            await().atMost(Duration.ofSeconds(90)).until(() -> events(log).stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("so none is started here")));
            assertThat(coordinator.commands()).hasSize(2);
            assertThat(coordinator.commands().get(1)).startsWith("hecate status --json");
            assertThat(peer.engine().history().runs(10)).as("no local fallback racing the coordinator").isEmpty();
        } finally {
            root.detachAppender(log);
        }
    }

    @Test
    void unreachableCoordinatorFallsBackToTheLocalEmergencyShutdown() throws Exception {
        peer = Daemon.start(peerConfig("127.0.0.1:" + closedPort()), Clock.systemUTC());

        lab.ups().lowBattery();

        RunRecord run = await().atMost(RUN_LIMIT).until(() -> endedEmergencyRun(peer.engine().history().runs(10)), Optional::isPresent).get();
        assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(run.trigger()).isEqualTo(Trigger.PEER_FALLBACK.wire());
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        assertThat(coordinator.commands()).isEmpty();
        assertThat(coordinatorRuns()).isEmpty();
    }

    @Test
    void unreachableCoordinatorWithoutFallbackLogsOneLinePerTryNamingTheCoordinatorKeyAndStatusShowsIt() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        try {
            HecateConfig config = peerConfig("127.0.0.1:" + closedPort(), false);
            peer = Daemon.start(config, Clock.systemUTC());

            lab.ups().lowBattery();

            await().atMost(RUN_LIMIT).until(() -> failedTries(log).size() >= 2);
            assertThat(failedTries(log)).allSatisfy(event -> {
                assertThat(event.getThrowableProxy()).as("no stack trace for an unreachable coordinator").isNull();
                assertThat(event.getFormattedMessage()).contains("coordination.coordinator_host")
                        .doesNotContain("ssh_node_hosts").doesNotContain("\n");
            });
            assertThat(peer.engine().history().runs(10)).isEmpty();

            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Main.run(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), System.err,
                    "status", "--config", config.file().toString());
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("coordinator 127.0.0.1:").contains("unreachable")
                    .contains("fallback_local_shutdown off: a trigger here starts no shutdown while it stays unreachable");
        } finally {
            root.detachAppender(log);
        }
    }

    private static java.util.List<ILoggingEvent> failedTries(ListAppender<ILoggingEvent> log) {
        return events(log).stream().filter(e -> e.getFormattedMessage().startsWith("power watch: trigger action failed")).toList();
    }

    /** What was logged so far: the appender adds under its own lock from every thread, to a plain list. */
    private static java.util.List<ILoggingEvent> events(ListAppender<ILoggingEvent> log) {
        synchronized (log) {
            return java.util.List.copyOf(log.list);
        }
    }

    private static Optional<RunRecord> endedEmergencyRun(java.util.List<RunRecord> runs) {
        return runs.stream()
                .filter(run -> run.workflow().equals(HecateWorkflows.EMERGENCY_SHUTDOWN) && !run.running())
                .findFirst();
    }

    /** Each look opens and releases its own pool: one left open keeps the lab's H2 file, and its directory, alive. */
    private java.util.List<RunRecord> coordinatorRuns() {
        try (RunHistory history = RunHistory.owning(EngineDatabase.historyPool(ConfigLoader.load(lab.configFile()).engineDir()))) {
            return history.runs(10);
        }
    }

    /** The lab's config as a peer: own state dir, coordinator over SSH, the coordinator's host key known. */
    @SuppressWarnings("unchecked")
    private HecateConfig peerConfig(String coordinatorHost) throws IOException {
        return peerConfig(coordinatorHost, true);
    }

    @SuppressWarnings("unchecked")
    private HecateConfig peerConfig(String coordinatorHost, boolean fallback) throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(lab.configFile()));
        Path knownHosts = dir.resolve("peer-known_hosts");
        Files.writeString(knownHosts, Files.readString(lab.knownHostsFile()) + coordinator.knownHostsLine() + "\n");
        config.put("state_dir", dir.resolve("peer-state").toString());
        config.put("ssh_known_hosts_file", knownHosts.toString());
        Map<String, Object> coordination = (Map<String, Object>) config.get("coordination");
        coordination.put("role", "peer");
        coordination.put("coordinator_host", coordinatorHost);
        coordination.put("coordinator_user", "hecate");
        coordination.put("coordinator_command", "hecate");
        coordination.put("coordinator_config", lab.configFile().toString());
        coordination.put("forward_to_coordinator", true);
        coordination.put("fallback_local_shutdown", fallback);
        Path file = dir.resolve("peer.yaml");
        Files.writeString(file, new Yaml().dump(config));
        return ConfigLoader.load(file);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
