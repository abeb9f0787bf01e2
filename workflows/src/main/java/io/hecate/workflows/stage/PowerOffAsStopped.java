package io.hecate.workflows.stage;

import io.hecate.connectors.DaemonThreads;
import io.hecate.connectors.ssh.NodeOutcome;
import io.hecate.connectors.ssh.NodeShell;
import io.hecate.connectors.ssh.SshException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * The emergency's stop and poweroff as one pipeline: every node's stop starts at once, and a node is powered off as soon
 * as its own stop has ended and every node of the earlier {@code poweroff_order} groups has ended its poweroff (off, or
 * failed to go off). The wall time is the slowest stop plus one poweroff per group, with no stage end, hop or second
 * burst of connections in between.
 * <p>A node whose stop failed is powered off all the same, with no second stop attempt first: the battery has no time for
 * it, and systemd stops k3s on the way down. Its row keeps the stop's failure (the run is not {@code succeeded}) and notes
 * the poweroff; it is retried only when the poweroff failed too, i.e. the node is still on. A node in no poweroff group
 * keeps its stop's outcome. A node with no stop (an other host: NAS, switch) is only powered off, and never before every
 * stop has ended, whatever its group's place: the cluster may still need it while k3s stops.
 */
final class PowerOffAsStopped {

    private final NodeShell shell;
    private final Duration stopTimeout;
    private final Duration poweroffTimeout;

    PowerOffAsStopped(NodeShell shell, Duration stopTimeout, Duration poweroffTimeout) {
        this.shell = shell;
        this.stopTimeout = stopTimeout;
        this.poweroffTimeout = poweroffTimeout;
    }

    /** Every node the pipeline acts on, stopped ones first, in plan order. */
    List<String> nodes(List<NodeCommand> stops, List<List<NodeCommand>> groups) {
        Set<String> nodes = new LinkedHashSet<>();
        stops.forEach(stop -> nodes.add(stop.node()));
        groups.forEach(group -> group.forEach(poweroff -> nodes.add(poweroff.node())));
        return List.copyOf(nodes);
    }

    /** The pipeline: one thread per node; results in {@link #nodes} order. */
    List<NodeResult> run(List<NodeCommand> stops, List<List<NodeCommand>> groups) {
        List<String> nodes = nodes(stops, groups);
        if (nodes.isEmpty()) {
            return List.of();
        }
        Map<String, NodeCommand> stopOf = new LinkedHashMap<>();
        stops.forEach(stop -> stopOf.put(stop.node(), stop));
        Map<String, NodeCommand> poweroffOf = new LinkedHashMap<>();
        Map<String, Integer> groupOf = new LinkedHashMap<>();
        for (int group = 0; group < groups.size(); group++) {
            for (NodeCommand poweroff : groups.get(group)) {
                poweroffOf.putIfAbsent(poweroff.node(), poweroff);
                groupOf.putIfAbsent(poweroff.node(), group);
            }
        }
        List<CountDownLatch> groupOff = IntStream.range(0, groups.size())
                .mapToObj(group -> new CountDownLatch(Collections.frequency(groupOf.values(), group))).toList();
        CountDownLatch allStopped = new CountDownLatch(stopOf.size());
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size(), DaemonThreads.named("stop-then-poweroff"));
        try {
            List<Future<NodeResult>> futures = new ArrayList<>();
            for (String node : nodes) {
                futures.add(threads.submit(() -> node(stopOf.get(node), poweroffOf.get(node), groupOf.get(node), groupOff, allStopped)));
            }
            // each node's stop, then its group's turn and its poweroff: bounded by the commands' own timeouts; the deadline
            // only guards against a stuck library call, which would otherwise hold the stage, and the run, forever
            Duration longest = shell.longest(stopTimeout).plus(shell.longest(poweroffTimeout).multipliedBy(groups.size()));
            long deadline = System.nanoTime() + longest.toNanos();
            List<NodeResult> outcomes = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                outcomes.add(await(nodes.get(i), futures.get(i), deadline, longest));
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while nodes were stopping and powering off", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a node's stop and poweroff failed outside the SSH client", e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    /** A node's result; one not there by the deadline is cut off, and counts as timed out (no retry: it hangs). */
    private static NodeResult await(String node, Future<NodeResult> future, long deadline, Duration longest)
            throws InterruptedException, ExecutionException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return NodeResult.of(NodeOutcome.failed(node, new SshException(SshException.Reason.TIMED_OUT, "stop and poweroff did not end"
                    + " within " + longest.toSeconds() + "s: an SSH call is stuck, on this node or on one whose poweroff it waits for",
                    node, null, "check the node by hand: it may still be on")));
        }
    }

    /** A dry run: every stop, then the poweroffs group by group, so the commands it lists come in a stable order. */
    List<NodeResult> oneAfterTheOther(List<NodeCommand> stops, List<List<NodeCommand>> groups) {
        Map<String, NodeOutcome> stopped = new LinkedHashMap<>();
        stops.forEach(stop -> stopped.put(stop.node(), one(stop, stopTimeout)));
        Map<String, NodeOutcome> off = new LinkedHashMap<>();
        groups.forEach(group -> group.forEach(poweroff -> off.putIfAbsent(poweroff.node(), one(poweroff, poweroffTimeout))));
        return nodes(stops, groups).stream().map(node -> result(stopped.get(node), off.get(node))).toList();
    }

    /** One node's stop, then its poweroff once allowed; whatever happens, it counts down what others wait for. */
    private NodeResult node(NodeCommand stop, NodeCommand poweroff, Integer group, List<CountDownLatch> groupOff,
            CountDownLatch allStopped) throws InterruptedException {
        try {
            NodeOutcome stopped = null;
            if (stop != null) {
                try {
                    stopped = one(stop, stopTimeout);
                } finally {
                    allStopped.countDown();
                }
            }
            if (poweroff == null) {
                return result(stopped, null);
            }
            if (stop == null) {
                allStopped.await();
            }
            for (int earlier = 0; earlier < group; earlier++) {
                groupOff.get(earlier).await();
            }
            return result(stopped, one(poweroff, poweroffTimeout));
        } finally {
            if (group != null) {
                groupOff.get(group).countDown();
            }
        }
    }

    /** One row for a node from its stop and its poweroff (either may be missing). */
    private static NodeResult result(NodeOutcome stopped, NodeOutcome off) {
        if (off == null) {
            return NodeResult.of(stopped);
        }
        if (stopped == null || stopped.ok() || stopped.skippedUnmanaged()) {
            return NodeResult.of(off);
        }
        if (off.ok()) {
            return new NodeResult(stopped, false, "powered off anyway");
        }
        return new NodeResult(off, NodeStep.retryable(off), "its k3s stop before: " + NodeStep.result(stopped) + " ("
                + NodeStep.describe(stopped) + ")");
    }

    private NodeOutcome one(NodeCommand command, Duration timeout) {
        return NodeStep.droppedAsExpected(command, shell.attempt(command.node(), command.command(), timeout));
    }
}
