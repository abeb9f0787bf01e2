package io.hecate.workflows.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hecate.connectors.ssh.CommandResult;
import io.hecate.connectors.ssh.NodeOutcome;
import io.hecate.connectors.ssh.NodeShell;
import io.hecate.connectors.ssh.SshException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's order rules, on a scripted shell (the lab tests in ShutdownIT run it over real SSH): a node goes off
 * once its own stop ended and the earlier groups are off, an other host only after every stop, and a failure outside
 * the SSH client, or a call that never returns, ends the stage instead of leaving the other nodes waiting.
 */
class PowerOffAsStoppedTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration SLOW_STOP = Duration.ofMillis(400);

    /**
     * Logs "start|end node command" in the order things happen; a node's stop takes what the script says, a stuck node's
     * stop never ends (interrupts included) until {@link #unstick}. Says a command takes at most {@link #LONGEST}.
     */
    private static final class ScriptedShell implements NodeShell {

        static final Duration LONGEST = Duration.ofMillis(300);

        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, Duration> stopTakes;
        private final Map<String, RuntimeException> stopFails;
        private final Set<String> stuck = new HashSet<>();
        private final CountDownLatch unstuck = new CountDownLatch(1);

        ScriptedShell(Map<String, Duration> stopTakes, Map<String, RuntimeException> stopFails) {
            this.stopTakes = stopTakes;
            this.stopFails = stopFails;
        }

        @Override
        public CommandResult run(String node, String command, Duration timeout) {
            log.add("start " + node + " " + command);
            boolean stop = command.startsWith("systemctl stop");
            if (stop && stopFails.containsKey(node)) {
                throw stopFails.get(node);
            }
            while (stop && stuck.contains(node) && unstuck.getCount() > 0) {
                try {
                    unstuck.await();
                } catch (InterruptedException ignored) {
                    // a stuck library call does not answer interrupts either
                }
            }
            try {
                Thread.sleep(stop ? stopTakes.getOrDefault(node, Duration.ZERO).toMillis() : 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.add("end " + node + " " + command);
            return new CommandResult(node, 0, "", "", Duration.ZERO);
        }

        @Override
        public List<NodeOutcome> runAll(Collection<String> nodes, String command, Duration timeout) {
            throw new UnsupportedOperationException("the pipeline runs each node on its own thread");
        }

        @Override
        public Duration longest(Duration timeout) {
            return LONGEST;
        }

        @Override
        public boolean isManaged(String node) {
            return true;
        }

        ScriptedShell stuck(String node) {
            stuck.add(node);
            return this;
        }

        void unstick() {
            unstuck.countDown();
        }

        @Override
        public void close() {
        }

        int at(String entry) {
            assertThat(log).contains(entry);
            return log.indexOf(entry);
        }
    }

    private static List<NodeCommand> stops(String... nodes) {
        return NodeCommands.each(List.of(nodes), NodeCommands.STOP_AGENT);
    }

    private static List<NodeCommand> poweroff(String... nodes) {
        return NodeCommands.poweroff(List.of(nodes));
    }

    private static String stopEnd(String node) {
        return "end " + node + " " + NodeCommands.STOP_AGENT;
    }

    private static String poweroffStart(String node) {
        return "start " + node + " " + NodeCommands.POWEROFF;
    }

    private static String poweroffEnd(String node) {
        return "end " + node + " " + NodeCommands.POWEROFF;
    }

    @Test
    void aNodeGoesOffAsItStopsAndALaterGroupOnlyOnceTheEarlierOneIsOff() {
        ScriptedShell shell = new ScriptedShell(Map.of("slow", SLOW_STOP), Map.of());

        List<NodeResult> results = assertTimeoutPreemptively(BOUND, () -> new PowerOffAsStopped(shell, BOUND, BOUND)
                .run(stops("slow", "quick", "cp"), List.of(poweroff("slow", "quick"), poweroff("cp"))));

        assertThat(results).extracting(r -> r.outcome().node()).containsExactly("slow", "quick", "cp");
        assertThat(results).allSatisfy(r -> assertThat(r.outcome().ok()).isTrue());
        assertThat(shell.at(poweroffStart("quick"))).as("the quick worker does not wait for the slow one's stop")
                .isLessThan(shell.at(stopEnd("slow")));
        assertThat(shell.at(stopEnd("cp"))).isLessThan(shell.at(stopEnd("slow")));
        assertThat(shell.at(poweroffStart("cp"))).as("the control plane waits for every worker to be off")
                .isGreaterThan(shell.at(poweroffEnd("slow")));
    }

    @Test
    void anOtherHostGoesOffOnlyAfterEveryStopWhateverItsGroupsPlace() {
        ScriptedShell shell = new ScriptedShell(Map.of("slow", SLOW_STOP), Map.of());

        assertTimeoutPreemptively(BOUND, () -> new PowerOffAsStopped(shell, BOUND, BOUND)
                .run(stops("slow", "quick"), List.of(poweroff("nas"), poweroff("slow", "quick"))));

        assertThat(shell.log).noneMatch(entry -> entry.startsWith("start nas systemctl stop"));
        assertThat(shell.at(poweroffStart("nas"))).isGreaterThan(shell.at(stopEnd("slow")));
        assertThat(shell.at(poweroffStart("quick"))).isGreaterThan(shell.at(poweroffEnd("nas")));
    }

    @Test
    void aNodeWhoseStopFailedIsPoweredOffAnywayAndKeepsTheFailureWithoutARetry() {
        SshException timedOut = new SshException(SshException.Reason.TIMED_OUT, "timed out after 3 s", "stuck", null, null);
        ScriptedShell shell = new ScriptedShell(Map.of(), Map.of("stuck", timedOut));

        List<NodeResult> results = assertTimeoutPreemptively(BOUND, () -> new PowerOffAsStopped(shell, BOUND, BOUND)
                .run(stops("stuck"), List.of(poweroff("stuck"))));

        NodeResult stuck = results.get(0);
        assertThat(shell.log).contains(poweroffEnd("stuck"));
        assertThat(stuck.outcome().failure()).isSameAs(timedOut);
        assertThat(stuck.retryable()).isFalse();
        assertThat(stuck.note()).isEqualTo("powered off anyway");
    }

    @Test
    void aFailureOutsideTheSshClientEndsTheStageInsteadOfLeavingTheLaterGroupsWaiting() {
        ScriptedShell shell = new ScriptedShell(Map.of(), Map.of("broken", new IllegalStateException("a bug")));

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> new PowerOffAsStopped(shell, BOUND, BOUND)
                .run(stops("cp", "broken"), List.of(poweroff("broken"), poweroff("cp"))))
                .isInstanceOf(IllegalStateException.class).hasRootCauseMessage("a bug"));
    }

    @Test
    void aStuckCallEndsTheStageAtTheDeadlineWithTheNodesItHeldUpTimedOutAndTheOthersOff() {
        ScriptedShell shell = new ScriptedShell(Map.of(), Map.of()).stuck("hung");
        try {
            List<NodeResult> results = assertTimeoutPreemptively(BOUND, () -> new PowerOffAsStopped(shell, BOUND, BOUND)
                    .run(stops("hung", "quick", "cp"), List.of(poweroff("hung", "quick"), poweroff("cp"))));

            assertThat(results).extracting(r -> r.outcome().node()).containsExactly("hung", "quick", "cp");
            assertThat(results.get(1).outcome().ok()).isTrue();
            assertThat(shell.log).contains(poweroffEnd("quick")).doesNotContain(poweroffStart("cp"));
            for (NodeResult heldUp : List.of(results.get(0), results.get(2))) {
                assertThat(heldUp.outcome().failure().reason()).isEqualTo(SshException.Reason.TIMED_OUT);
                assertThat(heldUp.outcome().failure().getMessage()).contains("stop and poweroff did not end within");
                assertThat(heldUp.retryable()).isFalse();
            }
        } finally {
            shell.unstick();
        }
    }

    @Test
    void aDryRunListsEveryStopThenThePoweroffsGroupByGroup() {
        ScriptedShell shell = new ScriptedShell(Map.of(), Map.of());

        new PowerOffAsStopped(shell, BOUND, BOUND).oneAfterTheOther(stops("w1", "w2"), List.of(poweroff("w1", "w2"), poweroff("nas")));

        assertThat(shell.log).filteredOn(entry -> entry.startsWith("start")).containsExactly("start w1 " + NodeCommands.STOP_AGENT,
                "start w2 " + NodeCommands.STOP_AGENT, poweroffStart("w1"), poweroffStart("w2"), poweroffStart("nas"));
    }
}
