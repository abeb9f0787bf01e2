package io.hecate.connectors.ssh;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** The SSH verbs stages need: run a command on one node or on many in parallel. */
public interface NodeShell extends AutoCloseable {

    /**
     * Runs one command on one node; throws SshException when unreachable, auth refused, host key
     * unknown/changed, or timed out. Never throws for a non-zero exit code.
     */
    CommandResult run(String node, String command, Duration timeout);

    /**
     * Runs the same command on many nodes in parallel (one thread per node, bounded by timeout each);
     * never throws: per node a result or the failure. Order = input order.
     */
    List<NodeOutcome> runAll(Collection<String> nodes, String command, Duration timeout);

    /**
     * {@link #run} on one node, reported as {@link #runAll} reports each node: skipped when unmanaged, the failure
     * instead of a throw. For a caller that runs each node on its own thread already.
     */
    default NodeOutcome attempt(String node, String command, Duration timeout) {
        if (!isManaged(node)) {
            return NodeOutcome.skipped(node);
        }
        try {
            return NodeOutcome.of(run(node, command, timeout));
        } catch (SshException e) {
            return NodeOutcome.failed(node, e);
        }
    }

    /**
     * The longest {@link #run} can take with {@code timeout} for its command, connecting included. Every command is
     * bounded by its own timeouts; a caller that waits on a node's thread waits no longer than this, so a stuck library
     * call cannot hold a stage forever.
     */
    default Duration longest(Duration timeout) {
        return timeout.plusSeconds(5);
    }

    /** False for nodes excluded by ssh_managed_nodes (empty list = every node managed). */
    boolean isManaged(String node);

    @Override
    void close();
}
