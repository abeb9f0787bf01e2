package io.hecate.connectors.local;

import java.time.Duration;
import java.util.List;

/**
 * Powers a node on with a command run on this host, e.g. {@code ipmitool -H bmc -U admin -P secret chassis power
 * on}. The arguments may hold a BMC password, so messages show only the program; its output is shown when it
 * fails (ipmitool does not echo the password).
 */
public final class CommandNodePowerOn {

    private final LocalCommand command;

    /** @param configKey where the command comes from, e.g. restore.nodes.titan-05.power_on_command */
    public CommandNodePowerOn(List<String> command, Duration timeout, String configKey) {
        this.command = new LocalCommand(command, command.get(0) + " (arguments redacted)", timeout, configKey);
    }

    public void powerOn(String node) {
        command.run(node, "the command must ask the BMC to power the node on and return");
    }
}
