package io.hecate.workflows.stage;

import java.util.List;

/** The commands Hecate sends to nodes; the lab answers exactly these. */
public final class NodeCommands {

    public static final String STOP_AGENT = "systemctl stop k3s-agent";
    public static final String STOP_SERVER = "systemctl stop k3s";
    public static final String START_AGENT = "systemctl start k3s-agent";
    public static final String START_SERVER = "systemctl start k3s";
    public static final String POWEROFF = "systemctl poweroff";

    private NodeCommands() {
    }

    public static String etcdSnapshot(String name) {
        return "k3s etcd-snapshot save --name " + name;
    }

    public static List<NodeCommand> each(List<String> nodes, String command) {
        return nodes.stream().map(node -> new NodeCommand(node, command)).toList();
    }
}
