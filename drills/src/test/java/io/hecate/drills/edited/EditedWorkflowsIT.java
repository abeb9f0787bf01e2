package io.hecate.drills.edited;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabSpec;
import io.hecate.drills.run.EngineSession;
import io.hecate.drills.run.FinishedRun;
import io.hecate.drills.shutdown.LabTimeline;
import io.hecate.drills.shutdown.RunAssert;
import io.hecate.engine.history.StageRecord;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.stage.NodeCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stages stand alone: the built-in shutdowns edited as an operator would in Modeler (each retry loop deleted, each
 * optional stage deleted, two independent stages swapped) still act on exactly the nodes they should, on the lab.
 * One worker is unreachable, so a stage ends with nodes left to retry: with its retry loop gone, the next stage
 * must still act on its own node set from the config, not on those leftovers.
 */
class EditedWorkflowsIT {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

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

    static Stream<Arguments> shutdownEdits() {
        String full = HecateWorkflows.SHUTDOWN;
        String emergency = HecateWorkflows.EMERGENCY_SHUTDOWN;
        String poweroff = HecateWorkflows.POWEROFF;
        return Stream.of(
                edit(full, full, "no retry loop after StopAgents", e -> e.removeRetryLoop("StopAgents")),
                edit(full, full, "no retry loop after StopServers", e -> e.removeRetryLoop("StopServers")),
                edit(full, poweroff, "no retry loop after PowerOffNodes", e -> e.removeRetryLoop("PowerOffNodes")),
                edit(full, full, "without SnapshotEtcd", e -> e.drop("SnapshotEtcd")),
                edit(full, full, "without SuspendFlux", e -> e.drop("SuspendFlux")),
                edit(full, full, "without DrainWorkers", e -> e.drop("DrainWorkers")),
                edit(full, full, "without KillUpsPower", e -> e.drop("KillUpsPower")),
                edit(full, full, "without PowerOffSelf", e -> e.drop("PowerOffSelf")),
                edit(full, full, "SuspendFlux before SnapshotEtcd", e -> e.swap("SnapshotEtcd", "SuspendFlux")),
                edit(full, full, "no retry loops, StopServers before StopAgents",
                        e -> e.removeRetryLoop("StopAgents").removeRetryLoop("StopServers").swap("StopAgents", "StopServers")),
                edit(emergency, emergency, "no retry loop after StopAndPowerOffNodes", e -> e.removeRetryLoop("StopAndPowerOffNodes")),
                edit(emergency, emergency, "without SnapshotEtcd", e -> e.drop("SnapshotEtcd")),
                edit(emergency, emergency, "without DrainWorkers", e -> e.drop("DrainWorkers")),
                edit(emergency, emergency, "without KillUpsPower", e -> e.drop("KillUpsPower")),
                edit(emergency, emergency, "DrainWorkers before SnapshotEtcd", e -> e.swap("SnapshotEtcd", "DrainWorkers")));
    }

    @ParameterizedTest(name = "{0} edited in {1}: {2}")
    @MethodSource("shutdownEdits")
    void anEditedShutdownStillStopsAndPowersOffEveryNodeItShould(String workflow, String file, String what,
            UnaryOperator<BpmnEdit> edit) throws Exception {
        lab = Lab.start(LabSpec.defaults(workDir));
        Path overrides = Files.createDirectories(workDir.resolve("bpmn"));
        Files.write(overrides.resolve(file + ".bpmn"), edit.apply(BpmnEdit.of(builtIn(file))).bytes());
        lab.configure("workflows.dir", overrides.toString());
        String lost = lab.workers().get(lab.workers().size() - 1);
        lab.faults().nodeUnreachable(lost, true);
        engine = EngineSession.open(lab.configFile());

        boolean emergency = workflow.equals(HecateWorkflows.EMERGENCY_SHUTDOWN);
        FinishedRun run = engine.run(workflow, emergency ? Trigger.UPS : Trigger.CLI, emergency ? RunMode.EMERGENCY : RunMode.FULL, true, RUN_LIMIT);

        List<String> reachableWorkers = new ArrayList<>(lab.workers());
        reachableWorkers.remove(lost);
        List<String> reachable = new ArrayList<>(lab.controlPlanes());
        reachable.addAll(reachableWorkers);
        assertThat(run.run().running()).isFalse();
        RunAssert.assertThat(run).didNotSucceed();
        String stop = emergency ? "StopAndPowerOffNodes" : "StopServers";
        String poweroff = emergency ? "StopAndPowerOffNodes" : "PowerOffNodes";
        assertThat(nodesOf(run, stop)).as(what + ": %s acted on every control plane", stop).containsAll(lab.controlPlanes());
        assertThat(nodesOf(run, poweroff)).as(what + ": %s acted on every node", poweroff).containsAll(reachable).contains(lost);
        LabTimeline timeline = new LabTimeline(lab.events());
        assertThat(ranOn(timeline, lab.controlPlanes(), NodeCommands.STOP_SERVER)).as(what).containsExactlyInAnyOrderElementsOf(lab.controlPlanes());
        assertThat(ranOn(timeline, reachableWorkers, NodeCommands.STOP_AGENT)).as(what).containsExactlyInAnyOrderElementsOf(reachableWorkers);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(reachable).as(what + ": powered off").noneMatch(n -> lab.node(n).poweredOn()));
    }

    private static Set<String> nodesOf(FinishedRun run, String stage) {
        return run.stages().stream().filter(s -> s.stage().equals(stage) && s.node() != null).map(StageRecord::node)
                .collect(Collectors.toSet());
    }

    private static Set<String> ranOn(LabTimeline timeline, Collection<String> nodes, String command) {
        return timeline.ran(nodes, command).stream().map(e -> e.node()).collect(Collectors.toSet());
    }

    private static byte[] builtIn(String workflow) {
        return HecateWorkflows.builtIn().get(workflow).bytes();
    }

    private static Arguments edit(String workflow, String file, String what, UnaryOperator<BpmnEdit> edit) {
        return Arguments.of(workflow, file, what, edit);
    }
}
