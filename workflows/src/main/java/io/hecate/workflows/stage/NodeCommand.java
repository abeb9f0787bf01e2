package io.hecate.workflows.stage;

/**
 * One command for one node, e.g. {@code titan-04: systemctl stop k3s-agent}. A command that
 * {@code endsConnection} (a poweroff) has done its job when the node drops the connection before
 * reporting an exit status.
 */
public record NodeCommand(String node, String command, boolean endsConnection) {

    public NodeCommand(String node, String command) {
        this(node, command, false);
    }
}
