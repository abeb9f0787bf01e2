package io.hecate.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes standing in for systemctl: never a real poweroff here. */
class CommandHostPowerTest {

    private static final String KEY = "shutdown.poweroff_self_command";

    @TempDir
    Path dir;

    private CommandHostPower power(String... command) {
        return new CommandHostPower(List.of(command), Duration.ofSeconds(10), KEY);
    }

    @Test
    void runsTheCommandWithItsArgumentsAndNoShell() throws Exception {
        Path marker = dir.resolve("powered off; $(echo not expanded)");

        power("touch", marker.toString()).powerOff();

        assertThat(marker).exists();
    }

    @Test
    void namesTheCommandItsExitAndOutputWhenItFails() {
        assertThatThrownBy(() -> power("sh", "-c", "echo no polkit for you >&2; exit 3").powerOff())
                .isInstanceOf(LocalException.class)
                .hasMessageContaining("exited 3")
                .hasMessageContaining("no polkit for you")
                .hasMessageContaining(KEY);
    }

    @Test
    void namesAProgramThatDoesNotExist() {
        assertThatThrownBy(() -> power(dir.resolve("no-such-poweroff").toString()).powerOff())
                .isInstanceOf(LocalException.class)
                .hasMessageContaining("cannot start")
                .hasMessageContaining("runs without a shell");
    }

    @Test
    void killsACommandThatDoesNotReturn() throws Exception {
        Path pidFile = dir.resolve("pid");
        CommandHostPower hanging = new CommandHostPower(List.of("sh", "-c", "echo $$ > " + pidFile + "; exec sleep 60"),
                Duration.ofMillis(300), KEY);

        assertThatThrownBy(hanging::powerOff)
                .isInstanceOf(LocalException.class)
                .hasMessageContaining("did not finish within").hasMessageContaining("killed");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid).map(h -> h.onExit().join()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aPowerOnCommandNeverShowsItsArguments() {
        CommandNodePowerOn bmc = new CommandNodePowerOn(List.of("sh", "-c", "exit 4", "-P", "bmc-secret"), Duration.ofSeconds(10),
                "restore.nodes.titan-05.power_on_command");

        assertThatThrownBy(() -> bmc.powerOn("titan-05"))
                .isInstanceOf(LocalException.class)
                .hasMessageContaining("'sh (arguments redacted)' exited 4")
                .hasMessageContaining("titan-05")
                .hasMessageNotContaining("bmc-secret");
    }
}
