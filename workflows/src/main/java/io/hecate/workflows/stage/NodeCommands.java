package io.hecate.workflows.stage;

import io.hecate.engine.config.HecateConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands Hecate sends to nodes; the lab answers exactly these. Each follows the k3s documentation
 * line listed in docs/operations.md ("Commands sent to nodes"); every argument goes through {@link ShellWords}.
 * They run as root (through {@code sudo -n} for a non-root login), so each is one simple command a sudoers
 * rule can name.
 */
public final class NodeCommands {

    public static final String STOP_AGENT = "systemctl stop k3s-agent";
    public static final String STOP_SERVER = "systemctl stop k3s";
    public static final String START_AGENT = "systemctl start k3s-agent";
    public static final String START_SERVER = "systemctl start k3s";
    public static final String POWEROFF = "systemctl poweroff";
    public static final String SERVER_DB = "/var/lib/rancher/k3s/server/db";
    public static final String SNAPSHOT_DIR = SERVER_DB + "/snapshots";
    /** Newest first, one file name per line. */
    public static final String LIST_SNAPSHOTS = "ls -1t " + SNAPSHOT_DIR;
    public static final String K3S_CONFIG_FILE = "/etc/rancher/k3s/config.yaml";
    /** k3s's config file; a node without one answers exit 1 ("No such file or directory"). */
    public static final String READ_K3S_CONFIG = "cat " + K3S_CONFIG_FILE;
    /** The k3s server unit as systemd runs it, drop-ins included (the installer writes the flags into ExecStart). */
    public static final String K3S_UNIT = "systemctl cat k3s";

    private NodeCommands() {
    }

    public static String etcdSnapshot(String name) {
        return ShellWords.join("k3s", "etcd-snapshot", "save", "--name", name);
    }

    /** Exit 0 when the snapshot file exists on the node. */
    public static String snapshotExists(String snapshotPath) {
        return ShellWords.join("test", "-f", snapshotPath);
    }

    /** Runs k3s once in reset mode; it exits when etcd has been restored as a new one-member cluster. */
    public static String clusterReset(String snapshotPath) {
        return ShellWords.join("k3s", "server", "--cluster-reset", "--cluster-reset-restore-path=" + snapshotPath);
    }

    /** Keeps the old etcd member data (never deletes it) so the server rejoins the restored cluster fresh. */
    public static String moveDbAside(String runId) {
        return ShellWords.join("mv", SERVER_DB, SERVER_DB + ".hecate-" + runId);
    }

    /** Poweroff on each node; the node dropping the connection before an exit status counts as done. */
    public static List<NodeCommand> poweroff(List<String> nodes) {
        return nodes.stream().map(node -> new NodeCommand(node, POWEROFF, true)).toList();
    }

    /** k3s-agent stopped on every worker, k3s on every control plane. */
    public static List<NodeCommand> stopEveryNode(HecateConfig config) {
        List<NodeCommand> stops = new ArrayList<>(each(config.nodes().workers(), STOP_AGENT));
        stops.addAll(each(config.nodes().controlPlanes(), STOP_SERVER));
        return stops;
    }

    /** The poweroffs of {@code shutdown.poweroff_order}, one batch per group in that order, empty groups left out. */
    public static List<List<NodeCommand>> poweroffInOrder(HecateConfig config) {
        return config.shutdown().poweroffOrder().stream()
                .map(group -> poweroff(nodesOf(config.nodes(), group)))
                .filter(batch -> !batch.isEmpty())
                .toList();
    }

    private static List<String> nodesOf(HecateConfig.Nodes nodes, String group) {
        return switch (group) {
            case "workers" -> nodes.workers();
            case "control_planes" -> nodes.controlPlanes();
            case "other_hosts" -> nodes.otherHosts();
            default -> throw new IllegalStateException("unknown poweroff group " + group);
        };
    }

    public static List<NodeCommand> each(List<String> nodes, String command) {
        return nodes.stream().map(node -> new NodeCommand(node, command)).toList();
    }
}
