package io.hecate.connectors.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hecate.connectors.ssh.SshException.Reason;
import io.hecate.connectors.ssh.SshTestServers.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class MinaNodeShellIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, Reply> UPTIME = Map.of("uptime", Reply.ok("up 3 days\n"));

    @TempDir
    Path dir;

    private SshTestServers ssh;
    private final List<MinaNodeShell> shells = new ArrayList<>();
    private final List<ServerSocket> silentSockets = new ArrayList<>();

    @BeforeEach
    void startFixture() {
        ssh = new SshTestServers(dir);
    }

    @AfterEach
    void stopEverything() {
        shells.forEach(MinaNodeShell::close);
        ssh.close();
        for (ServerSocket socket : silentSockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the test is over; the port goes back to the OS either way
            }
        }
    }

    private MinaNodeShell shell(SshSettings settings) {
        MinaNodeShell shell = new MinaNodeShell(settings);
        shells.add(shell);
        return shell;
    }

    @Test
    void runsCommandAndCapturesExitCodeStdoutAndStderr() {
        ssh.node("titan-0a", Map.of("systemctl is-active k3s", new Reply(0, "active\n", "warning: ünïcode\n", Duration.ZERO)));

        CommandResult result = shell(ssh.settings()).run("titan-0a", "systemctl is-active k3s", TIMEOUT);

        assertThat(result.node()).isEqualTo("titan-0a");
        assertThat(result.exitCode()).isZero();
        assertThat(result.ok()).isTrue();
        assertThat(result.stdout()).isEqualTo("active\n");
        assertThat(result.stderr()).isEqualTo("warning: ünïcode\n");
        assertThat(result.took()).isPositive();
    }

    @Test
    void returnsNonZeroExitAsResultNotException() {
        ssh.node("titan-0a", Map.of("systemctl is-active k3s", new Reply(3, "inactive\n", "", Duration.ZERO)));

        CommandResult result = shell(ssh.settings()).run("titan-0a", "systemctl is-active k3s", TIMEOUT);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.ok()).isFalse();
        assertThat(result.stdout()).isEqualTo("inactive\n");
    }

    static Stream<Arguments> identityKeyTypes() {
        return Stream.of(
                Arguments.of("ed25519", (Supplier<KeyPair>) SshTestServers::ed25519),
                Arguments.of("rsa", (Supplier<KeyPair>) SshTestServers::rsa),
                Arguments.of("ecdsa", (Supplier<KeyPair>) SshTestServers::ecdsa));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identityKeyTypes")
    void authenticatesWithOpenSshIdentityOfEachKeyType(String type, Supplier<KeyPair> keys) {
        ssh.close();
        ssh = new SshTestServers(dir, keys.get());
        ssh.node("titan-0a", UPTIME);

        assertThat(shell(ssh.settings()).run("titan-0a", "uptime", TIMEOUT).stdout()).isEqualTo("up 3 days\n");
    }

    @Test
    void refusesUnknownHostKeyWithFixHint() {
        SshTestServers.Server server = ssh.server().script(UPTIME).start();
        SshSettings settings = ssh.settingsBuilder().nodeHost("titan-0a", "127.0.0.1:" + server.port()).build();

        assertThatThrownBy(() -> shell(settings).run("titan-0a", "uptime", TIMEOUT))
                .asInstanceOf(type(SshException.class))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_UNKNOWN);
                    assertThat(e.node()).isEqualTo("titan-0a");
                    assertThat(e.seen()).contains("ssh-ed25519", "SHA256:");
                    assertThat(e.hint()).contains("ssh-keyscan -p " + server.port() + " 127.0.0.1 >> "
                            + ssh.knownHostsFile());
                });
        assertThat(server.sessionsCreated()).isEqualTo(1);
    }

    @Test
    void refusesChangedHostKeyWithRemoveStaleLineHint() {
        SshTestServers.Server server = ssh.server().script(UPTIME).start();
        ssh.appendKnownHost(server.port(), SshTestServers.ed25519().getPublic());
        SshSettings settings = ssh.settingsBuilder().nodeHost("titan-0a", "127.0.0.1:" + server.port()).build();

        assertThatThrownBy(() -> shell(settings).run("titan-0a", "uptime", TIMEOUT))
                .asInstanceOf(type(SshException.class))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_CHANGED);
                    assertThat(e.getMessage()).contains("CHANGED");
                    assertThat(e.hint()).contains("ssh-keygen -R '[127.0.0.1]:" + server.port() + "'");
                });
    }

    @Test
    void refusesToConnectWithoutKnownHostsFile() {
        ssh.node("titan-0a", UPTIME);
        SshSettings settings = ssh.settingsBuilder().knownHosts(null).build();

        assertThatThrownBy(() -> shell(settings).run("titan-0a", "uptime", TIMEOUT))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("ssh_known_hosts_file");
    }

    @Test
    void reportsRefusedAuthenticationClearly() {
        SshTestServers.Server server = ssh.server().accepting(SshTestServers.ed25519().getPublic()).script(UPTIME).start();
        ssh.trust(server);
        SshSettings settings = ssh.settingsBuilder().nodeHost("titan-0a", "127.0.0.1:" + server.port()).build();

        assertThatThrownBy(() -> shell(settings).run("titan-0a", "uptime", TIMEOUT))
                .asInstanceOf(type(SshException.class))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTH_REFUSED);
                    assertThat(e.getMessage()).contains("titan-0a", "authentication refused for user hecate");
                    assertThat(e.hint()).contains("authorized_keys");
                });
    }

    @Test
    void stopsCommandOnTimeoutAndKeepsPartialOutput() {
        ssh.node("titan-0a", Map.of("drain", new Reply(0, "evicting pod a\n", "", Duration.ofSeconds(30))));
        long started = System.nanoTime();

        assertThatThrownBy(() -> shell(ssh.settings()).run("titan-0a", "drain", Duration.ofSeconds(1)))
                .asInstanceOf(type(SshException.class))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT);
                    assertThat(e.getMessage()).contains("command timed out after 1s");
                    assertThat(e.seen()).contains("evicting pod a");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void failsFastOnClosedPort() throws IOException {
        int closedPort = freePort();
        SshSettings settings = ssh.settingsBuilder().nodeHost("titan-0a", "127.0.0.1:" + closedPort).build();
        long started = System.nanoTime();

        assertThatThrownBy(() -> shell(settings).run("titan-0a", "uptime", TIMEOUT))
                .asInstanceOf(type(SshException.class))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
                    assertThat(e.getMessage()).contains("cannot connect to 127.0.0.1:" + closedPort);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void reusesOneSessionForFollowingCommands() {
        SshTestServers.Server server = ssh.node("titan-0a", UPTIME);
        MinaNodeShell shell = shell(ssh.settings());

        for (int i = 0; i < 3; i++) {
            assertThat(shell.run("titan-0a", "uptime", TIMEOUT).ok()).isTrue();
        }

        assertThat(server.sessionsCreated()).isEqualTo(1);
    }

    @Test
    void reconnectsTransparentlyWhenSessionWasClosed() {
        SshTestServers.Server server = ssh.node("titan-0a", UPTIME);
        MinaNodeShell shell = shell(ssh.settings());
        shell.run("titan-0a", "uptime", TIMEOUT);

        server.dropAllSessions();

        assertThat(shell.run("titan-0a", "uptime", TIMEOUT).ok()).isTrue();
        assertThat(server.sessionsCreated()).isEqualTo(2);
    }

    @Test
    void warmUpOpensASessionPerReachableManagedNodeThatTheCommandsThenUse() throws IOException {
        SshTestServers.Server a = ssh.node("titan-0a", UPTIME);
        SshTestServers.Server b = ssh.node("titan-0b", UPTIME);
        SshTestServers.Server unmanaged = ssh.node("titan-db", UPTIME);
        SshSettings settings = ssh.settingsBuilder().nodeHost("titan-0c", "127.0.0.1:" + freePort())
                .managed(List.of("titan-0a", "titan-0b", "titan-0c")).build();
        MinaNodeShell shell = shell(settings);

        List<String> ready = shell.warmUp(List.of("titan-0a", "titan-0b", "titan-0c", "titan-db"), 2);
        List<NodeOutcome> outcomes = shell.runAll(List.of("titan-0a", "titan-0b"), "uptime", TIMEOUT);

        assertThat(ready).containsExactlyInAnyOrder("titan-0a", "titan-0b");
        assertThat(outcomes).allMatch(NodeOutcome::ok);
        assertThat(a.sessionsCreated()).isEqualTo(1);
        assertThat(b.sessionsCreated()).isEqualTo(1);
        assertThat(unmanaged.sessionsCreated()).isZero();
    }

    @Test
    void releaseClosesIdleSessionsAndTheNextCommandConnectsAgain() {
        SshTestServers.Server server = ssh.node("titan-0a", UPTIME);
        MinaNodeShell shell = shell(ssh.settings());
        shell.warmUp(List.of("titan-0a"), 1);

        shell.release();

        assertThat(shell.run("titan-0a", "uptime", TIMEOUT).ok()).isTrue();
        assertThat(server.sessionsCreated()).isEqualTo(2);
    }

    @Test
    void runsOnManyNodesInParallel() {
        List<String> nodes = IntStream.range(0, 10).mapToObj(i -> "titan-" + i).toList();
        nodes.forEach(node -> ssh.node(node, Map.of("sleep 1", new Reply(0, node + "\n", "", Duration.ofSeconds(1)))));
        long started = System.nanoTime();

        List<NodeOutcome> outcomes = shell(ssh.settings()).runAll(nodes, "sleep 1", TIMEOUT);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(outcomes).extracting(NodeOutcome::node).containsExactlyElementsOf(nodes);
        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.ok()).isTrue();
            assertThat(outcome.result().stdout()).isEqualTo(outcome.node() + "\n");
        });
    }

    @Test
    void runAllReturnsOtherNodesResultsWhenOneIsUnreachable() throws IOException {
        ssh.node("titan-0a", UPTIME);
        ssh.node("titan-0c", UPTIME);
        SshSettings settings = ssh.settingsBuilder().nodeHost("titan-0b", "127.0.0.1:" + freePort()).build();

        List<NodeOutcome> outcomes = shell(settings).runAll(List.of("titan-0a", "titan-0b", "titan-0c"), "uptime", TIMEOUT);

        assertThat(outcomes).extracting(NodeOutcome::node).containsExactly("titan-0a", "titan-0b", "titan-0c");
        assertThat(outcomes.get(0).ok()).isTrue();
        assertThat(outcomes.get(1).ok()).isFalse();
        assertThat(outcomes.get(1).failure().reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(outcomes.get(2).ok()).isTrue();
    }

    @Test
    void skipsUnmanagedNodeWithoutConnecting() {
        ssh.node("titan-0a", UPTIME);
        SshTestServers.Server unmanaged = ssh.node("titan-db", UPTIME);
        MinaNodeShell shell = shell(ssh.settingsBuilder().managed(List.of("titan-0a")).build());

        List<NodeOutcome> outcomes = shell.runAll(List.of("titan-0a", "titan-db"), "uptime", TIMEOUT);

        assertThat(outcomes.get(0).ok()).isTrue();
        assertThat(outcomes.get(1).skippedUnmanaged()).isTrue();
        assertThat(outcomes.get(1).failure()).isNull();
        assertThatThrownBy(() -> shell.run("titan-db", "uptime", TIMEOUT))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("not in ssh_managed_nodes");
        assertThat(unmanaged.sessionsCreated()).isZero();
    }

    @Test
    void connectsThroughJumpHost() {
        SshTestServers.Server jump = ssh.server().forwarding().start();
        ssh.trust(jump);
        SshTestServers.Server target = ssh.node("titan-0a", UPTIME);
        SshSettings settings = ssh.settingsBuilder().jumpHost("127.0.0.1:" + jump.port()).build();

        CommandResult result = shell(settings).run("titan-0a", "uptime", TIMEOUT);

        assertThat(result.stdout()).isEqualTo("up 3 days\n");
        assertThat(jump.sessionsCreated()).isEqualTo(1);
        assertThat(target.sessionsCreated()).isEqualTo(1);
    }

    /** Every way a jump host can fail; each must leave the nodes reachable directly. */
    enum JumpFailure { REFUSES_TCP, UNREACHABLE, CANNOT_ROUTE, REFUSES_AUTH, NEVER_ANSWERS }

    @ParameterizedTest
    @EnumSource(JumpFailure.class)
    void fallsBackToDirectConnectionsWhateverFailsAtTheJumpHost(JumpFailure failure) throws IOException {
        SshTestServers.Server a = ssh.node("titan-0a", UPTIME);
        SshTestServers.Server b = ssh.node("titan-0b", UPTIME);
        String jump = brokenJumpHost(failure);
        SshSettings settings = ssh.settingsBuilder().jumpHost(jump).connectTimeout(Duration.ofSeconds(2)).build();
        ListAppender<ILoggingEvent> logs = captureLogs();

        List<NodeOutcome> outcomes;
        try {
            outcomes = shell(settings).runAll(List.of("titan-0a", "titan-0b"), "uptime", TIMEOUT);
        } finally {
            ((Logger) LoggerFactory.getLogger(MinaNodeShell.class)).detachAppender(logs);
        }

        assertThat(outcomes).as(outcomes.toString()).allMatch(NodeOutcome::ok);
        assertThat(a.sessionsCreated()).isEqualTo(1);
        assertThat(b.sessionsCreated()).isEqualTo(1);
        assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .contains("jump host " + jump + " failed", "directly");
    }

    private String brokenJumpHost(JumpFailure failure) throws IOException {
        return switch (failure) {
            case REFUSES_TCP -> "127.0.0.1:" + freePort();
            // TEST-NET-1 (RFC 5737): never routed, so the connect fails or times out.
            case UNREACHABLE -> "192.0.2.1:22";
            case CANNOT_ROUTE -> {
                SshTestServers.Server noForwarding = ssh.server().start();
                ssh.trust(noForwarding);
                yield "127.0.0.1:" + noForwarding.port();
            }
            case REFUSES_AUTH -> {
                SshTestServers.Server otherKey = ssh.server().accepting(SshTestServers.ed25519().getPublic()).forwarding().start();
                ssh.trust(otherKey);
                yield "127.0.0.1:" + otherKey.port();
            }
            case NEVER_ANSWERS -> {
                ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                silentSockets.add(silent);
                yield "127.0.0.1:" + silent.getLocalPort();
            }
        };
    }

    @Test
    void honoursHostNameUserAndPortFromSshConfigFile() {
        SshTestServers.Server server = ssh.server().user("ops").script(UPTIME).start();
        ssh.trust(server);
        Path config = dir.resolve("ssh_config");
        SshTestServers.write(config, """
                Host titan-7
                    HostName 127.0.0.1
                    User ops
                    Port %d

                Host *
                    User nobody
                """.formatted(server.port()));

        CommandResult result = shell(ssh.settingsBuilder().configFile(config).build()).run("titan-7", "uptime", TIMEOUT);

        assertThat(result.stdout()).isEqualTo("up 3 days\n");
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        Logger logger = (Logger) LoggerFactory.getLogger(MinaNodeShell.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
