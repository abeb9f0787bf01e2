package io.hecate.connectors.local;

import java.time.Duration;
import java.util.List;

/**
 * Powers this host off with a configured command (default {@code systemctl poweroff}), run directly, never
 * through a shell, and killed at the timeout. {@code systemctl poweroff} only queues the poweroff job and
 * returns, so success means "the host is going down", not "the host is off".
 */
public final class CommandHostPower implements HostPower {

    private final LocalCommand command;

    /** @param configKey where the command comes from, for messages (e.g. shutdown.poweroff_self_command) */
    public CommandHostPower(List<String> command, Duration timeout, String configKey) {
        this.command = new LocalCommand(command, String.join(" ", command), timeout, configKey);
    }

    @Override
    public void powerOff() {
        command.run("this host", "the command must start the poweroff and return");
    }
}
