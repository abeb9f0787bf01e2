package io.hecate.connectors.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MINA's client against the sshd nodes really run, logging in as a non-root user whose commands need sudo. */
class OpenSshNodeShellIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private static OpenSshServer sshd;

    @BeforeAll
    static void startSshd() {
        sshd = OpenSshServer.start(dir);
    }

    @AfterAll
    static void stopSshd() {
        sshd.close();
    }

    private static NodeShell rootShell(String user, List<String> nodes, SudoMode mode) {
        SshSettings settings = sshd.settings(user, nodes);
        return new RootNodeShell(new MinaNodeShell(settings), settings, mode);
    }

    @Test
    void runsCommandsAsTheLoginUserWithHostKeyChecked() {
        SshSettings settings = sshd.settings(OpenSshServer.SUDO_USER, List.of("titan-24"));
        try (MinaNodeShell shell = new MinaNodeShell(settings)) {
            CommandResult result = shell.run("titan-24", "id -un", TIMEOUT);

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout().strip()).isEqualTo(OpenSshServer.SUDO_USER);
        }
    }

    @Test
    void aNonRootLoginStopsK3sAndPowersOffThroughSudo() {
        int before = sshd.calls().size();
        try (NodeShell shell = rootShell(OpenSshServer.SUDO_USER, List.of("titan-24", "titan-25"), SudoMode.AUTO)) {
            List<NodeOutcome> stops = shell.runAll(List.of("titan-24", "titan-25"), "systemctl stop k3s-agent", TIMEOUT);
            CommandResult poweroff = shell.run("titan-24", "systemctl poweroff", TIMEOUT);

            assertThat(stops).allMatch(NodeOutcome::ok);
            assertThat(poweroff.exitCode()).isZero();
        }
        assertThat(sshd.calls().subList(before, sshd.calls().size())).containsExactly(
                "uid=0 systemctl stop|k3s-agent|", "uid=0 systemctl stop|k3s-agent|", "uid=0 systemctl poweroff|");
    }

    @Test
    void aQuotedArgumentArrivesAsOneWord() {
        Path snapshot = sshd.file("on demand; touch x");
        int before = sshd.calls().size();
        try (NodeShell shell = rootShell(OpenSshServer.SUDO_USER, List.of("titan-0a"), SudoMode.AUTO)) {
            CommandResult exists = shell.run("titan-0a", "test -f '" + snapshot + "'", TIMEOUT);
            CommandResult reset = shell.run("titan-0a",
                    "k3s server --cluster-reset '--cluster-reset-restore-path=" + snapshot + "'", TIMEOUT);

            assertThat(exists.exitCode()).isZero();
            assertThat(reset.exitCode()).isZero();
        }
        assertThat(sshd.calls().subList(before, sshd.calls().size()))
                .containsExactly("uid=0 k3s server|--cluster-reset|--cluster-reset-restore-path=" + snapshot + "|");
        assertThat(Files.exists(dir.resolve("x"))).isFalse();
    }

    @Test
    void aMissingSudoersRuleNamesTheNodeAndTheLineToAdd() {
        try (NodeShell shell = rootShell(OpenSshServer.NO_RULE_USER, List.of("titan-24"), SudoMode.AUTO)) {
            assertThatThrownBy(() -> shell.run("titan-24", "systemctl stop k3s-agent", TIMEOUT))
                    .isInstanceOfSatisfying(SshException.class, e -> assertThat(e.reason()).isEqualTo(SshException.Reason.SUDO_REFUSED))
                    .hasMessageContaining("titan-24")
                    .hasMessageContaining("sudo asks " + OpenSshServer.NO_RULE_USER + " for a password")
                    .hasMessageContaining(OpenSshServer.NO_RULE_USER + " ALL=(root) NOPASSWD: /usr/bin/systemctl stop k3s-agent");
        }
    }

    @Test
    void aMissingSudoersRuleFailsThatNodeOnlyInRunAll() {
        try (NodeShell shell = rootShell(OpenSshServer.NO_RULE_USER, List.of("titan-24"), SudoMode.AUTO)) {
            List<NodeOutcome> outcomes = shell.runAll(List.of("titan-24"), "systemctl poweroff", TIMEOUT);

            assertThat(outcomes).singleElement().satisfies(outcome -> {
                assertThat(outcome.ok()).isFalse();
                assertThat(outcome.failure().reason()).isEqualTo(SshException.Reason.SUDO_REFUSED);
            });
        }
    }

    @Test
    void sudoNeverSendsTheCommandAsItIs() {
        try (NodeShell shell = rootShell(OpenSshServer.SUDO_USER, List.of("titan-24"), SudoMode.NEVER)) {
            CommandResult result = shell.run("titan-24", "id -u", TIMEOUT);

            assertThat(result.stdout().strip()).isNotEqualTo("0");
        }
    }
}
