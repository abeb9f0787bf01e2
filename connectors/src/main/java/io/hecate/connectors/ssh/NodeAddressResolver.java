package io.hecate.connectors.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.HostConfigEntry;

/**
 * Resolves a node name: explicit ssh_node_hosts/ssh_node_users win over the OpenSSH config file
 * (Host, HostName, User, Port, IdentityFile; first match wins as in ssh), which wins over the defaults.
 */
final class NodeAddressResolver {

    private final SshSettings settings;
    private final List<HostConfigEntry> configEntries;

    NodeAddressResolver(SshSettings settings) {
        this.settings = settings;
        this.configEntries = readConfig(settings.configFile());
    }

    NodeAddress resolve(String node) {
        String configHost = null;
        String configUser = null;
        int configPort = -1;
        List<Path> identities = new ArrayList<>();
        for (HostConfigEntry entry : HostConfigEntry.findMatchingEntries(node, configEntries)) {
            configHost = firstNonBlank(configHost, entry.getHostName());
            configUser = firstNonBlank(configUser, entry.getUsername());
            if (configPort <= 0 && entry.getPort() > 0) {
                configPort = entry.getPort();
            }
            for (String identity : entry.getIdentities()) {
                identities.add(expandHome(identity));
            }
        }
        int port = configPort > 0 ? configPort : settings.port();
        String host = configHost != null ? configHost : node;
        String explicit = settings.nodeHosts().get(node);
        if (explicit != null && !explicit.isBlank()) {
            NodeAddress.HostPort hostPort = NodeAddress.parseHostPort(explicit, port);
            host = hostPort.host();
            port = hostPort.port();
        }
        String user = firstNonBlank(settings.nodeUsers().get(node), firstNonBlank(configUser, settings.defaultUser()));
        return new NodeAddress(node, host, port, user, List.copyOf(identities));
    }

    private static List<HostConfigEntry> readConfig(Path configFile) {
        if (configFile == null) {
            return List.of();
        }
        try {
            return HostConfigEntry.readHostConfigEntries(configFile);
        } catch (IOException | RuntimeException e) {
            throw new SshException(SshException.Reason.SETUP, "cannot read the ssh config file", configFile.toString(),
                    e.getMessage(), "fix or remove ssh_config_file", e);
        }
    }

    private static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }

    private static Path expandHome(String path) {
        if (path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), path.substring(2));
        }
        return Path.of(path);
    }
}
