package io.hecate.connectors.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * SSH settings from hecate.yaml ({@code ssh_*} keys).
 *
 * @param nodeHosts node -> "host" or "host:port"; wins over the config file
 * @param nodeUsers node -> user; wins over the config file
 * @param managedNodes nodes Hecate may touch; empty = every node
 * @param jumpHost "host" or "host:port", null or blank for none
 */
public record SshSettings(String defaultUser, int port, Path configFile, Path identityFile, Path knownHostsFile,
        Map<String, String> nodeHosts, Map<String, String> nodeUsers, List<String> managedNodes,
        String jumpHost, String jumpUser, Duration connectTimeout) {

    public SshSettings {
        nodeHosts = nodeHosts == null ? Map.of() : Map.copyOf(nodeHosts);
        nodeUsers = nodeUsers == null ? Map.of() : Map.copyOf(nodeUsers);
        managedNodes = managedNodes == null ? List.of() : List.copyOf(managedNodes);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    public boolean hasJumpHost() {
        return jumpHost != null && !jumpHost.isBlank();
    }

    public boolean isManaged(String node) {
        return managedNodes.isEmpty() || managedNodes.contains(node);
    }
}
