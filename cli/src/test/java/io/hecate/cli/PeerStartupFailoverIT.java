package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabSpec;
import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.runtime.EngineDatabase;
import io.hecate.workflows.HecateWorkflows;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code hecate startup --execute --auto-peer-failover} on a peer whose coordinator is an in-process SSHD running
 * the real command line against the lab's config (the coordinator's state dir): a coordinator that boots late
 * gets the startup; one that is starting already makes the peer refuse.
 */
class PeerStartupFailoverIT {

    @TempDir
    Path dir;
    Lab lab;
    KeyPair coordinatorKey;
    int coordinatorPort;
    CoordinatorSshd coordinator;

    @BeforeEach
    void start() throws Exception {
        lab = Lab.start(LabSpec.defaults(dir.resolve("lab")));
        coordinatorKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        coordinatorPort = freePort();
    }

    @AfterEach
    void stop() throws IOException {
        if (coordinator != null) {
            coordinator.close();
        }
        lab.close();
    }

    @Test
    void handsTheStartupToACoordinatorThatAnswersAfterAFewAttempts() throws Exception {
        HecateConfig peer = peerConfig(30);
        CompletableFuture<Void> boots = CompletableFuture.runAsync(() -> {
            try {
                coordinator = CoordinatorSshd.start(coordinatorKey, coordinatorPort);
                coordinator.failStatus(1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, CompletableFuture.delayedExecutor(4, TimeUnit.SECONDS));

        CliRun run = CliRun.of("startup", "--execute", "--auto-peer-failover", "--config", peer.file().toString());

        boots.join();
        String host = "127.0.0.1:" + coordinatorPort;
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("startup ran on the coordinator " + host);
        assertThat(run.err()).containsPattern("hecate: waiting for coordinator " + host.replace(".", "\\.") + ": ssh refused, \\d+ s left")
                .contains("hecate: waiting for coordinator " + host + ": ssh answers, 'hecate status --json' exit 1"
                        + " (hecate: error: /var/lib/hecate is not mounted yet)")
                .contains("hecate: handing startup to the coordinator " + host + " (intent ")
                .doesNotContain("starting here");
        List<String> commands = coordinator.commands();
        assertThat(commands).hasSize(3);
        assertThat(commands.get(0)).startsWith("hecate status --json");
        assertThat(commands.get(1)).startsWith("hecate status --json");
        assertThat(commands.get(2)).startsWith("hecate startup --execute --config '" + lab.configFile() + "'");
        assertThat(coordinatorRuns()).anySatisfy(r -> {
            assertThat(r.workflow()).isEqualTo(HecateWorkflows.STARTUP);
            assertThat(r.outcome()).isEqualTo(RunRecord.SUCCEEDED);
        });
        assertThat(peerRuns()).as("no startup from the peer").isEmpty();
    }

    @Test
    void refusesWhenTheCoordinatorIsAlreadyStarting() throws Exception {
        coordinator = CoordinatorSshd.start(coordinatorKey, coordinatorPort);
        new IntentStore(ConfigLoader.load(lab.configFile()).intentFile()).write(IntentState.STARTUP_IN_PROGRESS, "boot", "run-boot-1");
        HecateConfig peer = peerConfig(30);

        CliRun run = CliRun.of("startup", "--execute", "--auto-peer-failover", "--config", peer.file().toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("the coordinator 127.0.0.1:" + coordinatorPort
                + " is already starting the cluster (intent startup_in_progress); not starting here too");
        assertThat(coordinator.commands()).singleElement().asString().startsWith("hecate status --json");
        assertThat(peerRuns()).isEmpty();
    }

    private List<RunRecord> coordinatorRuns() {
        try (RunHistory history = RunHistory.owning(EngineDatabase.historyPool(ConfigLoader.load(lab.configFile()).engineDir()))) {
            return history.runs(10);
        }
    }

    private List<RunRecord> peerRuns() throws IOException {
        Optional<RunHistory> history = EngineDatabase.existingHistory(ConfigLoader.load(dir.resolve("peer.yaml")).engineDir());
        try {
            return history.map(h -> h.runs(10)).orElse(List.of());
        } finally {
            history.ifPresent(RunHistory::close);
        }
    }

    /** The lab's config as a peer: own state dir, the coordinator (not up yet) on a known port with a known host key. */
    @SuppressWarnings("unchecked")
    private HecateConfig peerConfig(int bootWaitSeconds) throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(lab.configFile()));
        Path knownHosts = dir.resolve("peer-known_hosts");
        Files.writeString(knownHosts, Files.readString(lab.knownHostsFile())
                + CoordinatorSshd.knownHostsLine(coordinatorKey, coordinatorPort) + "\n");
        config.put("state_dir", dir.resolve("peer-state").toString());
        config.put("ssh_known_hosts_file", knownHosts.toString());
        Map<String, Object> coordination = (Map<String, Object>) config.get("coordination");
        coordination.put("role", "peer");
        coordination.put("coordinator_host", "127.0.0.1:" + coordinatorPort);
        coordination.put("coordinator_user", "hecate");
        coordination.put("coordinator_command", "hecate");
        coordination.put("coordinator_config", lab.configFile().toString());
        coordination.put("coordinator_boot_wait_seconds", bootWaitSeconds);
        Path file = dir.resolve("peer.yaml");
        Files.writeString(file, new Yaml().dump(config));
        return ConfigLoader.load(file);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
