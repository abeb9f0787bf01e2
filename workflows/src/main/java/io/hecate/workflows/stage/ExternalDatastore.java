package io.hecate.workflows.stage;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.ssh.CommandResult;
import io.hecate.connectors.ssh.NodeShell;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether k3s on a server keeps its state in an external datastore (then there is no etcd to restore), read
 * from the node as k3s reads it: {@code datastore-endpoint} in /etc/rancher/k3s/config.yaml, or
 * {@code --datastore-endpoint} / {@code K3S_DATASTORE_ENDPOINT} in the k3s unit the installer wrote.
 * {@code startup.datastore_endpoint} overrides it. The endpoint holds the database password, so only where
 * it was found is reported, never its value.
 */
public final class ExternalDatastore {

    private static final Pattern CONFIG_KEY = Pattern.compile("(?m)^\\s*datastore-endpoint\\s*:\\s*(?!\"\"|''|$)\\S");
    private static final Pattern UNIT_FLAG = Pattern.compile("(?m)^(?!\\s*#).*(--datastore-endpoint|K3S_DATASTORE_ENDPOINT=)");

    private ExternalDatastore() {
    }

    /**
     * Where the node names an external datastore, or empty when it runs embedded etcd.
     *
     * @throws ConnectorException when the node cannot be asked
     */
    public static Optional<String> foundOn(NodeShell shell, String node, Duration timeout) {
        CommandResult config = shell.run(node, NodeCommands.READ_K3S_CONFIG, timeout);
        if (config.ok() && CONFIG_KEY.matcher(config.stdout()).find()) {
            return Optional.of("datastore-endpoint in " + NodeCommands.K3S_CONFIG_FILE + " on " + node);
        }
        CommandResult unit = shell.run(node, NodeCommands.K3S_UNIT, timeout);
        if (unit.ok() && UNIT_FLAG.matcher(unit.stdout()).find()) {
            return Optional.of("datastore endpoint in the k3s unit (systemctl cat k3s) on " + node);
        }
        return Optional.empty();
    }
}
