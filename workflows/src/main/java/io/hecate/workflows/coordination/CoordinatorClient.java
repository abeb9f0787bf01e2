package io.hecate.workflows.coordination;

import io.hecate.connectors.ssh.CommandResult;
import io.hecate.connectors.ssh.MinaNodeShell;
import io.hecate.connectors.ssh.NodeShell;
import io.hecate.connectors.ssh.SshException;
import io.hecate.connectors.ssh.SshSettings;
import io.hecate.engine.config.HecateConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one way a peer talks to the coordinator: {@code hecate <verb> ... --config <coordinator_config>} over SSH
 * as {@code coordinator_user} on {@code coordinator_host} ({@code host[:port]}, or its alias in
 * {@code ssh_node_hosts}), with this config's identity and known_hosts. Never through the jump host: the
 * coordinator lives outside the cluster, and it usually is the jump host. One session serves every command
 * until {@link #close()}.
 */
public final class CoordinatorClient implements AutoCloseable {

    private final HecateConfig.Coordination coordination;
    private final SshSettings settings;
    private final Function<SshSettings, NodeShell> shells;
    private NodeShell shell;

    public CoordinatorClient(HecateConfig config, Function<SshSettings, NodeShell> shells) {
        this.coordination = config.coordination();
        this.settings = settings(config);
        this.shells = shells;
    }

    public static CoordinatorClient of(HecateConfig config) {
        return new CoordinatorClient(config, MinaNodeShell::new);
    }

    /** {@code user@host}, for messages. */
    public String target() {
        return coordination.coordinatorUser() + "@" + coordination.coordinatorHost();
    }

    public String host() {
        return coordination.coordinatorHost();
    }

    /** The command line that {@link #hecate} runs there, for plans and logs. */
    public String commandLine(String arguments) {
        return coordination.coordinatorCommand() + " " + arguments + " --config " + shellQuote(coordination.coordinatorConfig());
    }

    /** Runs hecate on the coordinator with these (already quoted) arguments and waits up to {@code timeout}. */
    public CommandResult hecate(String arguments, Duration timeout) throws SshException {
        if (shell == null) {
            shell = shells.apply(settings);
        }
        return shell.run(coordination.coordinatorHost(), commandLine(arguments), timeout);
    }

    public static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static SshSettings settings(HecateConfig config) {
        HecateConfig.Ssh ssh = config.ssh();
        HecateConfig.Coordination c = config.coordination();
        String host = c.coordinatorHost();
        Map<String, String> hosts = new HashMap<>();
        hosts.put(host, ssh.nodeHosts().getOrDefault(host, host));
        return new SshSettings(c.coordinatorUser(), ssh.port(), ssh.configFile(), ssh.identityFile(), ssh.knownHostsFile(), hosts,
                Map.of(host, c.coordinatorUser()), List.of(), "", "", ssh.connectTimeout());
    }

    @Override
    public void close() {
        if (shell != null) {
            shell.close();
        }
    }
}
