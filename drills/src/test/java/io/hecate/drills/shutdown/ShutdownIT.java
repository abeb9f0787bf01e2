package io.hecate.drills.shutdown;

import static io.hecate.drills.shutdown.LabTimeline.first;
import static io.hecate.drills.shutdown.LabTimeline.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabEvent;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.lab.LabSpec;
import io.hecate.drills.lab.LabUps;
import io.hecate.drills.run.EngineSession;
import io.hecate.drills.run.FinishedRun;
import io.hecate.engine.history.Budget;
import io.hecate.engine.history.BudgetEstimator;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.stage.NodeCommands;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shutdown workflows on the real engine against the lab: stage order, what the nodes saw, failure paths, budgets. */
class ShutdownIT {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);
    private static final List<String> FULL_STAGES = List.of("SetIntentShuttingDown", "SnapshotEtcd", "SuspendFlux",
            "DrainWorkers", "StopAgents", "StopServers", "PowerOff", "SetIntentShutdownComplete");

    @TempDir
    Path workDir;
    private Lab lab;
    private EngineSession engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private Lab startLab(UnaryOperator<LabSpec> shape) {
        lab = Lab.start(shape.apply(LabSpec.defaults(workDir)));
        return lab;
    }

    private Lab startLab() {
        return startLab(spec -> spec);
    }

    /** Opened on first use, so a test can change the lab's config first. */
    private EngineSession engine() {
        if (engine == null) {
            engine = EngineSession.open(lab.configFile());
        }
        return engine;
    }

    private FinishedRun shutdown(boolean execute) throws InterruptedException {
        return engine().run(HecateWorkflows.SHUTDOWN, Trigger.CLI, RunMode.FULL, execute, RUN_LIMIT);
    }

    private FinishedRun emergency(Trigger trigger) throws InterruptedException {
        return engine().run(HecateWorkflows.EMERGENCY_SHUTDOWN, trigger, RunMode.EMERGENCY, true, RUN_LIMIT);
    }

    private LabTimeline timeline() {
        return new LabTimeline(lab.events());
    }

    private void awaitPoweredOff(List<String> nodes) {
        await().atMost(Duration.ofSeconds(5)).until(() -> nodes.stream().noneMatch(n -> lab.node(n).poweredOn()));
    }

    private List<String> allNodes() {
        return lab.nodes().stream().map(LabNode::name).toList();
    }

    private List<String> allBut(String node) {
        List<String> others = new ArrayList<>(allNodes());
        others.remove(node);
        return others;
    }

    private List<String> podsOnWorkers() {
        return lab.kube().pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> lab.workers().contains(p.getSpec().getNodeName()))
                .filter(p -> p.getMetadata().getOwnerReferences() == null || p.getMetadata().getOwnerReferences().isEmpty())
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList();
    }

    private IntentState intent() {
        return new IntentStore(engine().config().intentFile(), Clock.systemUTC()).read().intent().orElseThrow().state();
    }

    @Nested
    class Full {

        @Test
        void passesEveryStageInOrderAndLeavesEveryNodePoweredOff() throws Exception {
            startLab();

            FinishedRun run = shutdown(true);

            RunAssert.assertThat(run).succeeded().passedInOrder(FULL_STAGES.toArray(String[]::new))
                    .passedInOrder("PowerOff", "PowerOffNodes", "SetIntentShutdownComplete")
                    .recordedNothingLike("HTTP 409")
                    .recordedNothingLike("warning")
                    .recorded("KillUpsPower", "skipped: ups.kill_power_after_shutdown is off: the UPS keeps its load on")
                    .recorded("PowerOffSelf", "skipped: shutdown.poweroff_self is off: this host stays on");
            assertThat(lab.ups().commands()).isEmpty();
            assertThat(lab.hostPoweroffs()).isEmpty();
            awaitPoweredOff(allNodes());
            assertThat(intent()).isEqualTo(IntentState.SHUTDOWN_COMPLETE);
            assertThat(lab.controlPlanes()).anySatisfy(cp -> assertThat(lab.node(cp).snapshots()).isNotEmpty());
            assertThat(lab.kube().genericKubernetesResources("kustomize.toolkit.fluxcd.io/v1", "Kustomization")
                    .inAnyNamespace().list().getItems()).isNotEmpty().allSatisfy(k -> assertThat(suspended(k)).isTrue());
            assertThat(podsOnWorkers()).as("pods left on drained workers").isEmpty();
        }

        @Test
        void aNonRootLoginIsStoppedAndPoweredOffThroughSudo() throws Exception {
            startLab();
            String worker = lab.workers().get(0);
            lab.configure("ssh_node_users", Map.of(worker, "tethys"));

            FinishedRun run = shutdown(true);

            RunAssert.assertThat(run).succeeded();
            awaitPoweredOff(allNodes());
            List<String> seen = lab.events().stream().filter(e -> e.node().equals(worker)).map(LabEvent::what).toList();
            assertThat(seen).containsSubsequence("sudo -n for the next command", LabTimeline.RAN + NodeCommands.STOP_AGENT,
                    "sudo -n for the next command", LabTimeline.RAN + NodeCommands.POWEROFF);
            assertThat(lab.events()).filteredOn(e -> !e.node().equals(worker))
                    .noneMatch(e -> e.what().startsWith("sudo -n"));
        }

        @Test
        void stopsAgentsBeforeServers() throws Exception {
            startLab();

            shutdown(true);

            LabTimeline timeline = timeline();
            Instant lastAgentStopped = last(timeline.of(lab.workers(), what -> what.equals("k3s-agent stopped")));
            Instant firstServerStop = first(timeline.ran(lab.controlPlanes(), NodeCommands.STOP_SERVER));
            assertThat(lastAgentStopped).isBefore(firstServerStop);
            assertThat(timeline.of(lab.workers(), what -> what.equals("k3s-agent stopped"))).hasSize(lab.workers().size());
            assertThat(timeline.of(lab.controlPlanes(), what -> what.equals("k3s stopped"))).hasSize(lab.controlPlanes().size());
        }

        @Test
        void powersWorkersOffBeforeControlPlanes() throws Exception {
            startLab();

            shutdown(true);

            awaitPoweredOff(allNodes());
            LabTimeline timeline = timeline();
            assertThat(last(timeline.ran(lab.workers(), NodeCommands.POWEROFF)))
                    .isBefore(first(timeline.ran(lab.controlPlanes(), NodeCommands.POWEROFF)));
            assertThat(timeline.ran(allNodes(), NodeCommands.POWEROFF)).hasSize(allNodes().size());
        }

        @Test
        void reportsARefusedEvictionAndGoesOn() throws Exception {
            startLab();
            lab.configure("shutdown.drain_timeout_seconds", 1);
            lab.faults().evictionRefused("vault/vault-0", true);

            FinishedRun run = shutdown(true);

            RunAssert.assertThat(run).succeeded().passedInOrder(FULL_STAGES.toArray(String[]::new))
                    .recorded("DrainWorkers", "eviction failed: vault/vault-0", "drain timed out after 1 s");
            awaitPoweredOff(allNodes());
        }

        private boolean suspended(GenericKubernetesResource object) {
            Object spec = object.getAdditionalProperties().get("spec");
            return spec instanceof java.util.Map<?, ?> map && Boolean.TRUE.equals(map.get("suspend"));
        }
    }

    @Nested
    class Emergency {

        @Test
        void skipsDrainAndSnapshotAndStopsEveryNodeAtOnce() throws Exception {
            Duration stopDelay = Duration.ofSeconds(1);
            startLab(spec -> new LabSpec(3, 5, stopDelay, spec.startDelay(), spec.poweroffDelay(), spec.snapshotDelay(),
                    spec.workDir(), false));

            FinishedRun run = emergency(Trigger.UPS);

            RunAssert.assertThat(run).succeeded()
                    .passedInOrder("SetIntentShuttingDown", "SnapshotEtcd", "DrainWorkers", "StopAndPowerOffNodes",
                            "SetIntentShutdownComplete")
                    .skipped("SnapshotEtcd", "DrainWorkers");
            LabTimeline timeline = timeline();
            List<String> all = allNodes();
            // every node got its stop command before the first one finished stopping: all at once, not one by one
            Instant lastStopSent = last(timeline.of(all, what -> what.startsWith("ran: systemctl stop")));
            Instant firstStopped = first(timeline.of(all, what -> what.endsWith(" stopped")));
            assertThat(lastStopSent).isBefore(firstStopped);
            Duration stopNodes = run.stageRows().stream().filter(s -> s.stage().equals("StopAndPowerOffNodes")).findFirst()
                    .orElseThrow().duration();
            assertThat(stopNodes).isLessThan(stopDelay.multipliedBy(2));
            assertThat(lab.controlPlanes()).allSatisfy(cp -> assertThat(lab.node(cp).snapshots()).isEmpty());
            assertThat(podsOnWorkers()).as("emergency leaves pods where they are").isNotEmpty();
            awaitPoweredOff(all);
            assertThat(intent()).isEqualTo(IntentState.SHUTDOWN_COMPLETE);
        }
        @Test
        void powersOffEveryNodeWhoseK3sStopOutlastsTheEmergencyBudget() throws Exception {
            Duration stopDelay = Duration.ofSeconds(8);
            int budgetSeconds = 3;
            startLab(spec -> spec.withStopDelay(stopDelay));
            lab.configure("shutdown.emergency_budget_seconds", budgetSeconds);

            FinishedRun run = emergency(Trigger.UPS);

            RunAssert.assertThat(run).passedInOrder("StopAndPowerOffNodes", "SetIntentShutdownComplete");
            List<String> all = allNodes();
            // both facts per node: k3s did not stop in time, and the node was powered off anyway
            all.forEach(node -> RunAssert.assertThat(run).nodeEnded("StopAndPowerOffNodes", node, "timeout"));
            assertThat(run.nodeRow("StopAndPowerOffNodes", "titan-04").detail()).contains("powered off anyway");
            awaitPoweredOff(all);
            assertThat(timeline().ran(all, NodeCommands.POWEROFF)).hasSize(all.size());
            // one budget for the stops at once, then poweroffs that answer at once: done before k3s would have stopped
            System.out.println("emergency, " + stopDelay.toSeconds() + " s k3s stops, " + budgetSeconds + " s bound: run took "
                    + run.run().duration().toMillis() + " ms, " + all.size() + " of " + all.size() + " nodes powered off");
            assertThat(run.run().duration()).isLessThan(stopDelay);
            // Passes once the run outcome follows the last per-node row of each stage (issue 11 point 5, RunRecorder).
            RunAssert.assertThat(run).didNotSucceed();
        }

        @Test
        void powersEachWorkerOffAsItStopsAndTheControlPlanesOnlyOnceEveryWorkerIsOff() throws Exception {
            startLab(spec -> spec.withStopDelay(Duration.ofMillis(500)));
            int budgetSeconds = 3;
            lab.configure("shutdown.emergency_budget_seconds", budgetSeconds);
            String slow = "titan-04";
            lab.faults().k3sStopHangs(slow, true);

            FinishedRun run = emergency(Trigger.UPS);

            RunAssert.assertThat(run).passedInOrder("StopAndPowerOffNodes", "SetIntentShutdownComplete")
                    .nodeEnded("StopAndPowerOffNodes", slow, "timeout")
                    .recorded("StopAndPowerOffNodes", slow + " timeout", "powered off anyway");
            allBut(slow).forEach(node -> RunAssert.assertThat(run).nodeEnded("StopAndPowerOffNodes", node, "ok"));
            awaitPoweredOff(allNodes());
            LabTimeline timeline = timeline();
            List<String> quickWorkers = lab.workers().stream().filter(w -> !w.equals(slow)).toList();
            Instant slowPoweroff = first(timeline.ran(List.of(slow), NodeCommands.POWEROFF));
            // the other workers did not wait for the slow one's stop bound: each went off as soon as it stopped
            assertThat(last(timeline.ran(quickWorkers, NodeCommands.POWEROFF))).isBefore(slowPoweroff.minusSeconds(1));
            // the control planes stopped early too, but went off only after every worker had
            assertThat(last(timeline.of(lab.controlPlanes(), what -> what.endsWith(" stopped")))).isBefore(slowPoweroff);
            assertThat(first(timeline.ran(lab.controlPlanes(), NodeCommands.POWEROFF))).isAfter(slowPoweroff);
            RunAssert.assertThat(run).didNotSucceed();
        }

        @Test
        void anOtherHostFirstInPoweroffOrderGoesOffOnlyOnceEveryK3sStopHasEnded() throws Exception {
            startLab(spec -> spec.withStopDelay(Duration.ofSeconds(1)));
            String nas = lab.workers().get(lab.workers().size() - 1);
            List<String> workers = lab.workers().stream().filter(w -> !w.equals(nas)).toList();
            lab.configure("nodes.workers", workers);
            lab.configure("nodes.other_hosts", List.of(nas));
            lab.configure("shutdown.poweroff_order", List.of("other_hosts", "workers", "control_planes"));

            FinishedRun run = emergency(Trigger.UPS);

            RunAssert.assertThat(run).succeeded().nodeEnded("StopAndPowerOffNodes", nas, "ok");
            awaitPoweredOff(allNodes());
            LabTimeline timeline = timeline();
            Instant nasPoweroff = first(timeline.ran(List.of(nas), NodeCommands.POWEROFF));
            assertThat(timeline.ran(List.of(nas), NodeCommands.STOP_AGENT)).as("an other host runs no k3s to stop").isEmpty();
            assertThat(last(timeline.of(allBut(nas), what -> what.endsWith(" stopped")))).isBefore(nasPoweroff);
            // its group comes first: the workers go off after it
            assertThat(first(timeline.ran(workers, NodeCommands.POWEROFF))).isAfter(nasPoweroff);
        }
    }

    @Nested
    class Faults {

        @Test
        void unreachableNodeIsRetriedThenSkippedAndRecordedWhileTheOthersPowerOff() throws Exception {
            startLab();
            String lost = "titan-05";
            lab.faults().nodeUnreachable(lost, true);

            FinishedRun run = shutdown(true);

            RunAssert.assertThat(run).passedInOrder(FULL_STAGES.toArray(String[]::new))
                    .nodeEnded("StopAgents", lost, "unreachable")
                    .nodeEnded("PowerOffNodes", lost, "unreachable")
                    .nodeEnded("StopAgents", "titan-04", "ok")
                    .recorded("StopAgents", lost + " unreachable", "attempt 1, retrying", "attempt 2, giving up; the run goes on");
            assertThat(run.stageRows().stream().filter(s -> s.stage().equals("StopAgents"))).as("StopAgents attempts").hasSize(2);
            awaitPoweredOff(allBut(lost));
            assertThat(lab.node(lost).poweredOn()).isTrue();
            // Passes once the run outcome follows the last per-node row of each stage (issue 11 point 5, RunRecorder).
            RunAssert.assertThat(run).didNotSucceed();
        }

        @Test
        void nodeWhoseAgentStopHangsIsStillPoweredOffAfterTheServersStopped() throws Exception {
            startLab();
            lab.configure("shutdown.node_stop_timeout_seconds", 2);
            String stuck = "titan-05";
            lab.faults().k3sStopHangs(stuck, true);

            FinishedRun run = shutdown(true);

            RunAssert.assertThat(run).passedInOrder(FULL_STAGES.toArray(String[]::new))
                    .nodeEnded("StopAgents", stuck, "timeout")
                    .nodeEnded("StopAgents", "titan-04", "ok")
                    .nodeEnded("StopServers", "titan-0a", "ok");
            assertThat(run.stageRows().stream().filter(s -> s.stage().equals("StopAgents"))).as("a timed-out node is not retried")
                    .hasSize(1);
            allNodes().forEach(node -> RunAssert.assertThat(run).nodeEnded("PowerOffNodes", node, "ok"));
            awaitPoweredOff(allNodes());
            LabTimeline timeline = timeline();
            Instant lastAgentStopped = last(timeline.of(allBut(stuck), what -> what.equals("k3s-agent stopped")));
            Instant firstServerStop = first(timeline.ran(lab.controlPlanes(), NodeCommands.STOP_SERVER));
            assertThat(lastAgentStopped).isBefore(firstServerStop);
            assertThat(timeline.ran(List.of(stuck), NodeCommands.POWEROFF)).hasSize(1);
            // Passes once the run outcome follows the last per-node row of each stage (issue 11 point 5, RunRecorder).
            RunAssert.assertThat(run).didNotSucceed();
        }

        @Test
        void hungNodeCostsOneBoundPerStageAndHoldsBackNoOtherGroupLonger() throws Exception {
            startLab();
            int budgetSeconds = 2;
            int poweroffSeconds = 1;
            lab.configure("shutdown.emergency_budget_seconds", budgetSeconds);
            lab.configure("shutdown.poweroff_timeout_seconds", poweroffSeconds);
            String hung = "titan-04";
            lab.faults().sshHang(hung, true);

            FinishedRun run = emergency(Trigger.UPS);

            RunAssert.assertThat(run)
                    .nodeEnded("StopAndPowerOffNodes", hung, "timeout")
                    .nodeEnded("StopAndPowerOffNodes", "titan-05", "ok")
                    .nodeEnded("StopAndPowerOffNodes", "titan-0a", "ok")
                    .recorded("StopAndPowerOffNodes", hung + " timeout", "giving up", "its k3s stop before: timeout");
            // the stop's bound, then the poweroff's bound, not a second emergency budget
            assertThat(run.nodeRow("StopAndPowerOffNodes", hung).duration()).isBetween(Duration.ofSeconds(budgetSeconds + poweroffSeconds),
                    Duration.ofSeconds(budgetSeconds + poweroffSeconds).plusMillis(1500));
            assertThat(run.stageRows().stream().filter(s -> s.stage().equals("StopAndPowerOffNodes")))
                    .as("a timed-out node is not retried").hasSize(1);
            awaitPoweredOff(allBut(hung));
            assertThat(lab.node(hung).poweredOn()).isTrue();
            LabTimeline timeline = timeline();
            assertThat(timeline.ran(List.of(hung), NodeCommands.POWEROFF)).hasSize(1);
            // the hung worker holds the control planes back by at most its stop bound and its poweroff bound
            Instant firstWorkerPoweroff = first(timeline.ran(lab.workers(), NodeCommands.POWEROFF));
            Instant firstServerPoweroff = first(timeline.ran(lab.controlPlanes(), NodeCommands.POWEROFF));
            assertThat(Duration.between(firstWorkerPoweroff, firstServerPoweroff))
                    .isLessThan(Duration.ofSeconds(budgetSeconds + poweroffSeconds).plusMillis(1500));
            assertThat(run.run().duration()).isLessThan(Duration.ofSeconds(budgetSeconds + poweroffSeconds + 4));
            // Passes once the run outcome follows the last per-node row of each stage (issue 11 point 5, RunRecorder).
            RunAssert.assertThat(run).didNotSucceed();
        }
    }

    @Nested
    class KillPowerAndThisHostLast {

        private void switchOn() {
            lab.configure("ups.kill_power_after_shutdown", true);
            lab.configure("shutdown.poweroff_self", true);
        }

        @Test
        void cutsTheUpsLoadAfterEveryNodeThenPowersThisHostOffLast() throws Exception {
            startLab();
            switchOn();

            FinishedRun run = emergency(Trigger.UPS);

            RunAssert.assertThat(run).succeeded()
                    .passedInOrder("StopAndPowerOffNodes", "SetIntentShutdownComplete", "KillUpsPower", "PowerOffSelf")
                    .recorded("KillUpsPower", "UPS " + lab.ups().target() + " accepted INSTCMD shutdown.return",
                            "ups.delay.shutdown " + LabUps.SHUTDOWN_DELAY_SECONDS + " s")
                    .recorded("PowerOffSelf", "powering off this host last: " + lab.spec().workDir().resolve("poweroff-self"),
                            "this host is powering off")
                    .recordedNothingLike("warning");
            assertThat(lab.ups().commands()).extracting(LabUps.Command::command, LabUps.Command::user)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("INSTCMD shutdown.return", LabUps.USERNAME));
            assertThat(lab.hostPoweroffs()).hasSize(1);
            Instant lastNodePoweroff = last(timeline().ran(allNodes(), NodeCommands.POWEROFF));
            Instant upsCommand = lab.ups().commands().get(0).at();
            Instant hostPoweroff = lab.hostPoweroffs().get(0);
            assertThat(timeline().ran(allNodes(), NodeCommands.POWEROFF)).hasSize(allNodes().size());
            assertThat(lastNodePoweroff).isBefore(upsCommand);
            assertThat(upsCommand).isBefore(hostPoweroff);
            assertThat(intent()).isEqualTo(IntentState.SHUTDOWN_COMPLETE);
            awaitPoweredOff(allNodes());
            Duration added = stage(run, "KillUpsPower").duration().plus(stage(run, "PowerOffSelf").duration());
            System.out.printf("kill-power figures: KillUpsPower %d ms, PowerOffSelf %d ms, last node poweroff -> UPS command %d ms,"
                    + " UPS command -> host poweroff %d ms%n", stage(run, "KillUpsPower").duration().toMillis(),
                    stage(run, "PowerOffSelf").duration().toMillis(), Duration.between(lastNodePoweroff, upsCommand).toMillis(),
                    Duration.between(upsCommand, hostPoweroff).toMillis());
            assertThat(added).as("the two stages add milliseconds, not seconds").isLessThan(Duration.ofSeconds(1));
        }

        @Test
        void aDryRunSaysWhatItWouldSendAndRunAndDoesNeither() throws Exception {
            startLab();
            switchOn();

            FinishedRun run = engine().run(HecateWorkflows.EMERGENCY_SHUTDOWN, Trigger.UPS, RunMode.EMERGENCY, false, RUN_LIMIT);

            RunAssert.assertThat(run).succeeded()
                    .passedInOrder("SetIntentShutdownComplete", "KillUpsPower", "PowerOffSelf")
                    .recorded("KillUpsPower", "would ask UPS " + lab.ups().target() + " to cut the load and restore it on"
                            + " mains return (INSTCMD shutdown.return; ups.delay.shutdown 20 s)")
                    .recorded("PowerOffSelf", "would power off this host last: " + lab.spec().workDir().resolve("poweroff-self"));
            assertThat(lab.ups().commands()).isEmpty();
            assertThat(lab.hostPoweroffs()).isEmpty();
            assertThat(lab.nodes()).allSatisfy(node -> assertThat(node.poweredOn()).isTrue());
        }

        @Test
        void fallsBackToFsdWhenTheUpsHasNoShutdownReturn() throws Exception {
            startLab();
            switchOn();
            lab.ups().shutdownReturnSupported(false);

            FinishedRun run = emergency(Trigger.UPS);

            RunAssert.assertThat(run).passedInOrder("KillUpsPower", "PowerOffSelf")
                    .recorded("KillUpsPower", "does not support INSTCMD shutdown.return: FSD set instead", "accepted FSD");
            assertThat(lab.ups().commands()).extracting(LabUps.Command::command).containsExactly("FSD");
            assertThat(lab.ups().status()).contains("FSD");
            assertThat(lab.hostPoweroffs()).hasSize(1);
        }

        @Test
        void aRefusedKillPowerIsAWarningAndThisHostStillPowersOff() throws Exception {
            startLab();
            switchOn();
            lab.configure("ups.password", "not-the-password");

            FinishedRun run = emergency(Trigger.UPS);

            RunAssert.assertThat(run).passedInOrder("KillUpsPower", "PowerOffSelf")
                    .recorded("KillUpsPower", "warning: UPS " + lab.ups().target() + " refused to cut the load", "ACCESS-DENIED",
                            "upsd.users")
                    .recorded("PowerOffSelf", "warning: powering this host off although the UPS refused to cut the load")
                    .recordedNothingLike("not-the-password");
            assertThat(lab.ups().commands()).isEmpty();
            assertThat(lab.hostPoweroffs()).hasSize(1);
        }

        @Test
        void aManualShutdownKeepsTheUpsLoadOnButPowersThisHostOff() throws Exception {
            startLab();
            switchOn();

            FinishedRun run = shutdown(true);

            RunAssert.assertThat(run).succeeded().passedInOrder("SetIntentShutdownComplete", "KillUpsPower", "PowerOffSelf")
                    .recorded("KillUpsPower", "skipped: a manual shutdown (trigger cli) keeps the UPS load on");
            assertThat(lab.ups().commands()).isEmpty();
            assertThat(lab.hostPoweroffs()).hasSize(1);
        }

        private io.hecate.engine.history.StageRecord stage(FinishedRun run, String id) {
            return run.stageRows().stream().filter(s -> s.stage().equals(id)).findFirst().orElseThrow();
        }
    }

    @Nested
    class DryRun {

        @Test
        void touchesNothingAndListsTheOrderedActionsPerNode() throws Exception {
            startLab();
            Instant before = Instant.now();

            FinishedRun run = shutdown(false);

            RunAssert.assertThat(run).succeeded().passedInOrder(FULL_STAGES.toArray(String[]::new));
            assertThat(run.run().executed()).isFalse();
            assertThat(timeline().ranAnything()).filteredOn(e -> e.at().isAfter(before)).isEmpty();
            assertThat(lab.nodes()).allSatisfy(node -> assertThat(node.k3sActive()).isTrue());
            assertThat(podsOnWorkers()).isNotEmpty();

            List<String> actions = run.actions().stream().map(a -> a.stage() + ": " + a.text()).toList();
            List<String> expected = new ArrayList<>();
            lab.workers().forEach(w -> expected.add("StopAgents: would ssh " + w + ": " + NodeCommands.STOP_AGENT));
            lab.controlPlanes().forEach(cp -> expected.add("StopServers: would ssh " + cp + ": " + NodeCommands.STOP_SERVER));
            lab.workers().forEach(w -> expected.add("PowerOffNodes: would ssh " + w + ": " + NodeCommands.POWEROFF));
            lab.controlPlanes().forEach(cp -> expected.add("PowerOffNodes: would ssh " + cp + ": " + NodeCommands.POWEROFF));
            assertThat(actions).filteredOn(a -> a.contains("ssh ") && !a.startsWith("SnapshotEtcd"))
                    .containsExactlyElementsOf(expected);
            assertThat(actions).anyMatch(a -> a.startsWith("SnapshotEtcd: would ssh titan-0a: k3s etcd-snapshot save"))
                    .anyMatch(a -> a.startsWith("DrainWorkers: kube: would drain node titan-04"))
                    .anyMatch(a -> a.startsWith("SetIntentShuttingDown: would write intent shutting_down"));
            assertThat(engine().config().intentFile()).doesNotExist();
        }
    }

    @Nested
    class Budgets {

        @Test
        void emergencyBudgetIsLearnedFromSuccessfulUpsTriggeredRuns() throws Exception {
            startLab(spec -> spec.withK3sStartsAtBoot(true));
            int minSamples = 3;
            lab.configure("shutdown.budget_learning_min_samples", minSamples);
            BudgetEstimator estimator = new BudgetEstimator(engine().history(), minSamples);
            Duration configured = engine().config().shutdown().estimatedEmergencyShutdownBudget();

            engine().run(HecateWorkflows.EMERGENCY_SHUTDOWN, Trigger.UPS, RunMode.EMERGENCY, false, RUN_LIMIT);
            List<Duration> took = new ArrayList<>();
            for (int i = 0; i < minSamples; i++) {
                Budget before = estimator.estimate(HecateWorkflows.EMERGENCY_SHUTDOWN, Set.of(Trigger.UPS.wire()), configured);
                assertThat(before.source()).isEqualTo(Budget.Source.CONFIG);
                assertThat(before.samples()).as("dry runs do not count").isEqualTo(i);
                assertThat(before.value()).isEqualTo(configured);

                FinishedRun run = emergency(Trigger.UPS);
                RunAssert.assertThat(run).succeeded();
                took.add(run.run().duration());
                awaitPoweredOff(allNodes());
                lab.powerOnAll();
                await().atMost(Duration.ofSeconds(5)).until(lab::apiUp);
            }
            emergency(Trigger.CLI);

            Budget learned = estimator.estimate(HecateWorkflows.EMERGENCY_SHUTDOWN, Set.of(Trigger.UPS.wire()), configured);
            assertThat(learned.source()).isEqualTo(Budget.Source.LEARNED);
            assertThat(learned.samples()).as("only ups-triggered runs count").isEqualTo(minSamples);
            Duration slowest = took.stream().max(Duration::compareTo).orElseThrow();
            assertThat(learned.value()).isBetween(slowest, slowest.plusSeconds(1)).isNotEqualTo(configured);
        }
    }
}
