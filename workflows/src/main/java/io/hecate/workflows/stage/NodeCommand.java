package io.hecate.workflows.stage;

/** One command for one node, e.g. {@code titan-04: systemctl stop k3s-agent}. */
public record NodeCommand(String node, String command) {
}
