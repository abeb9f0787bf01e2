package io.hecate.drills.edited;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.drills.lab.LabEvent;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.shutdown.LabTimeline;
import io.hecate.drills.startup.StartupLab;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.stage.NodeCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stages stand alone, for the workflows that bring the cluster back: startup, etcd restore and power restore, edited
 * as an operator would in Modeler, each run from a cold lab (the built-in emergency shutdown, with an etcd snapshot,
 * before every run) and checked for the end it reaches and the nodes its stages acted on. One lab serves every run;
 * the engine is reopened per edit so that the edited file is the one deployed.
 * <p>Which stages are optional (a run can succeed without them):
 * <ul>
 * <li>startup: the gates and waits that only check (TimeSyncGate, WaitForCoreDns, StorageGate, PostStartProbes),
 * UnsealVault (the cluster comes up with Vault sealed) and RefreshBootstrapCache. Not optional: the intent stages,
 * StartServers, WaitForApi, StartAgents, WaitForNodesReady, UncordonNodes (drained nodes would stay cordoned) and
 * the Flux stages (Flux stays suspended after a full shutdown).</li>
 * <li>etcd restore: none; every stage is a step of the restore. Its three retry loops are removed in one edit.</li>
 * <li>power restore: WaitForSsh (StartServers retries a node that is not up yet). It has no retry loop.</li>
 * </ul>
 * Each retry loop and each optional stage is removed once (several per run where they are independent), to keep the
 * whole set to six cold starts, not the full cross product.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditedStartupWorkflowsIT {

    private StartupLab lab;
    private Path overrides;

    @BeforeAll
    void startLab(@TempDir Path dir) throws IOException {
        lab = new StartupLab(dir).set("emergency_skip_etcd_snapshot", "false");
        overrides = Files.createDirectories(dir.resolve("bpmn"));
        lab.lab.configure("workflows.dir", overrides.toString());
    }

    @AfterAll
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    static Stream<Arguments> startupEdits() {
        return Stream.of(
                Arguments.of("no retry loops after StartServers and StartAgents, SetIntentNormal before RefreshBootstrapCache",
                        edit(e -> e.removeRetryLoop("StartServers").removeRetryLoop("StartAgents")
                                .swap("RefreshBootstrapCache", "SetIntentNormal")),
                        List.of("StartServers", "WaitForApi", "StartAgents", "WaitForNodesReady", "SetIntentNormal", "RefreshBootstrapCache"),
                        List.of()),
                Arguments.of("without TimeSyncGate, WaitForCoreDns, StorageGate and PostStartProbes",
                        edit(e -> e.dropWait("TimeSyncGate").dropWait("WaitForCoreDns").dropWait("StorageGate").dropWait("PostStartProbes")),
                        List.of("SetIntentStartupInProgress", "StartServers", "StartAgents", "UncordonNodes", "UnsealVault", "ResumeFlux",
                                "WaitForFlux", "RefreshBootstrapCache", "SetIntentNormal"),
                        List.of("TimeSyncGate", "WaitForCoreDns", "StorageGate", "PostStartProbes")),
                Arguments.of("without UnsealVault and RefreshBootstrapCache",
                        edit(e -> e.drop("UnsealVault").drop("RefreshBootstrapCache")),
                        List.of("StartServers", "StartAgents", "WaitForCoreDns", "StorageGate", "ResumeFlux", "PostStartProbes",
                                "SetIntentNormal"),
                        List.of("UnsealVault", "RefreshBootstrapCache")));
    }

    @ParameterizedTest(name = "startup: {0}")
    @MethodSource("startupEdits")
    void anEditedStartupStartsEveryControlPlaneThenEveryAgentAndReachesNormal(String what, UnaryOperator<BpmnEdit> edit,
            List<String> order, List<String> dropped) throws IOException {
        deploy(HecateWorkflows.STARTUP, edit);
        lab.offAfter(HecateWorkflows.EMERGENCY_SHUTDOWN);
        lab.lab.powerOnAll();

        RunRecord run = lab.startup(Map.of());

        assertThat(run.outcome()).as(what + "\n" + lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(lab.stageOrder(run.runId())).as(what).containsSubsequence(order);
        assertThat(lab.stageOrder(run.runId())).as(what + ": dropped stages").filteredOn(dropped::contains).isEmpty();
        assertStartedControlPlanesThenAgents(what, run);
        assertThat(new IntentStore(lab.config().intentFile()).read().effectiveState()).as(what).contains(IntentState.NORMAL);
    }

    /** etcd restore has no optional stage: the edit removes its three retry loops and looks for the snapshot first. */
    @ParameterizedTest(name = "etcd restore: {0}")
    @MethodSource("etcdRestoreEdits")
    void anEditedEtcdRestoreResetsTheRestoreNodeAndRejoinsTheOthers(String what, UnaryOperator<BpmnEdit> edit) throws IOException {
        deploy(HecateWorkflows.ETCD_RESTORE, edit);
        lab.offAfter(HecateWorkflows.EMERGENCY_SHUTDOWN);
        lab.lab.powerOnAll();

        RunRecord run = lab.run(HecateWorkflows.ETCD_RESTORE, Map.of());

        assertThat(run.outcome()).as(what + "\n" + lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(lab.stageOrder(run.runId())).as(what).containsSubsequence("FindSnapshot", "StopServers", "ResetCluster",
                "StartRestoredServer", "MoveAsideOtherDbs", "StartOtherServers");
        String restoreNode = lab.config().startup().etcdRestoreControlPlane();
        List<String> others = new ArrayList<>(lab.lab.controlPlanes());
        others.remove(restoreNode);
        assertThat(nodesOf(run, "StopServers")).as(what).containsExactlyInAnyOrderElementsOf(lab.lab.controlPlanes());
        assertThat(nodesOf(run, "MoveAsideOtherDbs")).as(what).containsExactlyInAnyOrderElementsOf(others);
        assertThat(nodesOf(run, "StartOtherServers")).as(what).containsExactlyInAnyOrderElementsOf(others);
        String movedDb = NodeCommands.SERVER_DB + ".hecate-" + run.runId();
        assertThat(lab.lab.node(restoreNode).etcdRestored()).isTrue();
        assertThat(lab.lab.node(restoreNode).movedDbs()).as(what).doesNotContain(movedDb);
        others.forEach(node -> assertThat(lab.lab.node(node).movedDbs()).as(what + ": " + node).contains(movedDb));
        assertThat(ranSince(run.started(), lab.lab.nodes().stream().map(LabNode::name).toList(), NodeCommands.START_SERVER)).as(what)
                .containsExactlyInAnyOrderElementsOf(lab.lab.controlPlanes());
        List<LabEvent> starts = since(run.started(), new LabTimeline(lab.lab.events()).ran(lab.lab.controlPlanes(), NodeCommands.START_SERVER));
        assertThat(starts.stream().filter(e -> e.node().equals(restoreNode)).toList()).as(what + ": the restored node started once, first")
                .hasSize(1).allMatch(first -> starts.stream().allMatch(e -> !e.at().isBefore(first.at())));
    }

    static Stream<Arguments> etcdRestoreEdits() {
        return Stream.of(Arguments.of("no retry loops, FindSnapshot before StopServers", edit(e -> e.removeRetryLoop("StopServers")
                .removeRetryLoop("MoveAsideOtherDbs").removeRetryLoop("StartOtherServers").swap("StopServers", "FindSnapshot"))));
    }

    static Stream<Arguments> powerRestoreEdits() {
        return Stream.of(
                Arguments.of("without WaitForSsh", edit(e -> e.dropWait("WaitForSsh")),
                        List.of("SetIntentStartupInProgress", "PowerOnNodes", "Startup", "ConfirmRestored")),
                Arguments.of("PowerOnNodes before SetIntentStartupInProgress",
                        edit(e -> e.swap("SetIntentStartupInProgress", "PowerOnNodes")),
                        List.of("PowerOnNodes", "SetIntentStartupInProgress", "WaitForSsh", "Startup", "ConfirmRestored")));
    }

    @ParameterizedTest(name = "power restore: {0}")
    @MethodSource("powerRestoreEdits")
    void anEditedPowerRestoreWakesEveryNodeAndStartsTheClusterToNormal(String what, UnaryOperator<BpmnEdit> edit, List<String> order)
            throws IOException {
        deploy(HecateWorkflows.POWER_RESTORE, edit);
        lab.offAfter(HecateWorkflows.EMERGENCY_SHUTDOWN);

        RunRecord run = lab.run(HecateWorkflows.POWER_RESTORE, Map.of());

        assertThat(run.outcome()).as(what + "\n" + lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(lab.stageOrder(run.runId())).as(what).containsSubsequence(order);
        assertThat(lab.lab.nodes()).as(what).allMatch(LabNode::poweredOn);
        for (LabNode node : lab.lab.nodes()) {
            assertThat(lab.lab.events()).as(what + ": woken " + node.name()).anyMatch(e -> e.node().equals(node.name())
                    && e.what().equals("Wake-on-LAN magic packet received") && !e.at().isBefore(run.started()));
        }
        assertStartedControlPlanesThenAgents(what, run);
        assertThat(new IntentStore(lab.config().intentFile()).read().effectiveState()).as(what).contains(IntentState.NORMAL);
    }

    /** The stage rows and the lab agree: k3s started on exactly the control planes, then k3s-agent on exactly the workers. */
    private void assertStartedControlPlanesThenAgents(String what, RunRecord run) {
        List<String> controlPlanes = lab.lab.controlPlanes();
        List<String> workers = lab.lab.workers();
        assertThat(nodesOf(run, "StartServers")).as(what).containsExactlyInAnyOrderElementsOf(controlPlanes);
        assertThat(nodesOf(run, "StartAgents")).as(what).containsExactlyInAnyOrderElementsOf(workers);
        List<String> all = lab.lab.nodes().stream().map(LabNode::name).toList();
        assertThat(ranSince(run.started(), all, NodeCommands.START_SERVER)).as(what).containsExactlyInAnyOrderElementsOf(controlPlanes);
        assertThat(ranSince(run.started(), all, NodeCommands.START_AGENT)).as(what).containsExactlyInAnyOrderElementsOf(workers);
        List<LabEvent> servers = since(run.started(), new LabTimeline(lab.lab.events()).ran(controlPlanes, NodeCommands.START_SERVER));
        List<LabEvent> agents = since(run.started(), new LabTimeline(lab.lab.events()).ran(workers, NodeCommands.START_AGENT));
        assertThat(LabTimeline.first(agents)).as(what + ": agents after every control plane").isAfter(LabTimeline.last(servers));
    }

    private void deploy(String workflow, UnaryOperator<BpmnEdit> edit) throws IOException {
        lab.closeEngine();
        try (Stream<Path> files = Files.list(overrides)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.write(overrides.resolve(workflow + ".bpmn"), edit.apply(BpmnEdit.of(builtIn(workflow))).bytes());
    }

    private Set<String> nodesOf(RunRecord run, String stage) {
        return lab.engine().history().stages(run.runId()).stream().filter(s -> s.stage().equals(stage) && s.node() != null)
                .map(StageRecord::node).collect(Collectors.toSet());
    }

    private Set<String> ranSince(Instant started, Collection<String> nodes, String command) {
        return since(started, new LabTimeline(lab.lab.events()).ran(nodes, command)).stream().map(LabEvent::node)
                .collect(Collectors.toSet());
    }

    private static List<LabEvent> since(Instant started, List<LabEvent> events) {
        return events.stream().filter(e -> !e.at().isBefore(started)).toList();
    }

    private static byte[] builtIn(String workflow) {
        return HecateWorkflows.builtIn().get(workflow).bytes();
    }

    private static UnaryOperator<BpmnEdit> edit(UnaryOperator<BpmnEdit> edit) {
        return edit;
    }
}
