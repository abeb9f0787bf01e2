package io.hecate.workflows.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.connectors.ssh.CommandResult;
import io.hecate.connectors.ssh.MinaNodeShell;
import io.hecate.connectors.ssh.NodeShell;
import io.hecate.connectors.ssh.OpenSshServer;
import io.hecate.connectors.ssh.RootNodeShell;
import io.hecate.connectors.ssh.SshSettings;
import io.hecate.connectors.ssh.SudoMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command Hecate sends, as built by {@link NodeCommands}, through real sshd and sudo as a non-root login
 * whose sudoers rule is the one docs/operations.md gives: each must be allowed and reach the program with the
 * arguments it was built from.
 */
class NodeCommandsOverOpenSshIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String NODE = "titan-24";

    @TempDir
    static Path dir;
    private static OpenSshServer sshd;
    private static NodeShell shell;

    @BeforeAll
    static void start() {
        sshd = OpenSshServer.start(dir);
        SshSettings settings = sshd.settings(OpenSshServer.SUDO_USER, List.of(NODE));
        shell = new RootNodeShell(new MinaNodeShell(settings), settings, SudoMode.AUTO);
    }

    @AfterAll
    static void stop() {
        shell.close();
        sshd.close();
    }

    private List<String> callsOf(String command) {
        int before = sshd.calls().size();
        CommandResult result = shell.run(NODE, command, TIMEOUT);
        assertThat(result.exitCode()).as(command + ": " + result.stderr()).isZero();
        return sshd.calls().subList(before, sshd.calls().size());
    }

    @Test
    void shutdownCommandsReachSystemctlAsRoot() {
        assertThat(callsOf(NodeCommands.STOP_AGENT)).containsExactly("uid=0 systemctl stop|k3s-agent|");
        assertThat(callsOf(NodeCommands.STOP_SERVER)).containsExactly("uid=0 systemctl stop|k3s|");
        assertThat(callsOf(NodeCommands.POWEROFF)).containsExactly("uid=0 systemctl poweroff|");
    }

    @Test
    void startupCommandsReachSystemctlAsRoot() {
        assertThat(callsOf(NodeCommands.START_SERVER)).containsExactly("uid=0 systemctl start|k3s|");
        assertThat(callsOf(NodeCommands.START_AGENT)).containsExactly("uid=0 systemctl start|k3s-agent|");
        assertThat(callsOf(NodeCommands.K3S_UNIT)).containsExactly("uid=0 systemctl cat|k3s|");
    }

    @Test
    void etcdSnapshotNamesTheRun() {
        assertThat(callsOf(NodeCommands.etcdSnapshot("hecate-run-7"))).containsExactly("uid=0 k3s etcd-snapshot|save|--name|hecate-run-7|");
    }

    @Test
    void restoreCommandsKeepTheSnapshotPathOneArgument() {
        Path snapshot = sshd.file("etcd snapshot $(reboot) it's");

        assertThat(callsOf(NodeCommands.snapshotExists(snapshot.toString()))).isEmpty();
        assertThat(callsOf(NodeCommands.clusterReset(snapshot.toString())))
                .containsExactly("uid=0 k3s server|--cluster-reset|--cluster-reset-restore-path=" + snapshot + "|");
        assertThat(callsOf(NodeCommands.moveDbAside("run-7")))
                .containsExactly("uid=0 mv /var/lib/rancher/k3s/server/db|/var/lib/rancher/k3s/server/db.hecate-run-7|");
    }

    @Test
    void aMissingSnapshotIsAnExitCodeNotAnError() {
        assertThat(shell.run(NODE, NodeCommands.snapshotExists(dir.resolve("no such snapshot").toString()), TIMEOUT).exitCode())
                .isEqualTo(1);
    }

    @Test
    void readingTheSnapshotListAndK3sConfigIsAllowed() {
        // Neither exists on this machine: exit 2 / 1 from ls / cat as root, not sudo's refusal.
        assertThat(shell.run(NODE, NodeCommands.LIST_SNAPSHOTS, TIMEOUT).stderr()).contains("ls: cannot access");
        assertThat(shell.run(NODE, NodeCommands.READ_K3S_CONFIG, TIMEOUT).stderr()).contains("No such file");
    }
}
