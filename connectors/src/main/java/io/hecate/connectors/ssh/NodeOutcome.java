package io.hecate.connectors.ssh;

/** One node's share of a {@link NodeShell#runAll}: a result, a failure, or skipped as unmanaged. */
public record NodeOutcome(String node, CommandResult result, SshException failure, boolean skippedUnmanaged) {

    public static NodeOutcome of(CommandResult result) {
        return new NodeOutcome(result.node(), result, null, false);
    }

    public static NodeOutcome failed(String node, SshException failure) {
        return new NodeOutcome(node, null, failure, false);
    }

    public static NodeOutcome skipped(String node) {
        return new NodeOutcome(node, null, null, true);
    }

    /** True when the command ran and exited 0. */
    public boolean ok() {
        return result != null && result.ok();
    }
}
