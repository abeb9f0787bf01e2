package io.hecate.connectors.timesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hecate.connectors.ssh.MinaNodeShell;
import io.hecate.connectors.ssh.SshException;
import io.hecate.connectors.ssh.SshTestServers;
import io.hecate.connectors.ssh.SshTestServers.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellClockSyncIT {

    @TempDir
    Path dir;

    private SshTestServers ssh;

    @BeforeEach
    void startFixture() {
        ssh = new SshTestServers(dir);
    }

    @AfterEach
    void stopServers() {
        ssh.close();
    }

    @Test
    void readsChronyTrackingOverSsh() {
        ssh.node("titan-0a", Map.of(ShellClockSync.CHRONYC_TRACKING, Reply.ok("""
                Reference ID    : C0A80101 (192.168.1.1)
                Stratum         : 3
                System time     : 0.000012345 seconds slow of NTP time
                Leap status     : Normal
                """)));

        try (MinaNodeShell shell = new MinaNodeShell(ssh.settings())) {
            SyncState state = new ShellClockSync(shell).check("titan-0a");

            assertThat(state.synchronised()).isTrue();
            assertThat(state.source()).isEqualTo("chrony");
        }
    }

    @Test
    void fallsBackToTimedatectlWhenChronycIsMissing() {
        ssh.node("titan-0a", Map.of(ShellClockSync.TIMEDATECTL_NTP, Reply.ok("no\n")));

        try (MinaNodeShell shell = new MinaNodeShell(ssh.settings())) {
            SyncState state = new ShellClockSync(shell).check("titan-0a");

            assertThat(state).isEqualTo(new SyncState("titan-0a", false, "timedatectl", "NTPSynchronized=no"));
        }
    }

    @Test
    void propagatesSshFailures() {
        ssh.node("titan-0a", Map.of()).close();
        try (MinaNodeShell shell = new MinaNodeShell(ssh.settings())) {
            assertThatThrownBy(() -> new ShellClockSync(shell, Duration.ofSeconds(5), Duration.ofMillis(500))
                    .check("titan-0a"))
                    .isInstanceOf(SshException.class);
        }
    }
}
