package io.hecate.drills.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.kube.Fabric8Cluster;
import io.hecate.connectors.kube.FluxKind;
import io.hecate.connectors.kube.FluxObject;
import io.hecate.connectors.kube.FluxReadiness;
import io.hecate.connectors.kube.FluxRef;
import io.hecate.connectors.kube.KubeCluster;
import io.hecate.connectors.kube.KubeSettings;
import io.hecate.connectors.kube.NodeState;
import io.hecate.drills.lab.Lab;
import io.hecate.drills.run.FinishedRun;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.runtime.EngineDatabase;
import io.hecate.workflows.FluxSuspensions;
import io.hecate.workflows.HecateWorkflows;

/**
 * What a drill verifies after a startup, read the way an operator would: the startup run from the history,
 * the cluster through the config's kubeconfig (Hecate's own connector), the intent file. Every step only reads,
 * so the same steps run on the lab and on a live cluster.
 */
final class Recovery implements AutoCloseable {

    private static final Duration KUBE_TIMEOUT = Duration.ofSeconds(5);
    private static final String OK = "ok";

    private final HecateConfig config;
    private final FinishedRun startup;
    private final Lab lab;
    private final List<FluxRef> suspendedByShutdown;
    private final KubeCluster kube;

    private Recovery(HecateConfig config, FinishedRun startup, Lab lab, List<FluxRef> suspendedByShutdown) {
        this.config = config;
        this.startup = startup;
        this.lab = lab;
        this.suspendedByShutdown = suspendedByShutdown;
        this.kube = new Fabric8Cluster(new KubeSettings(config.kubeconfig(), KUBE_TIMEOUT, 1));
    }

    /** After the startup the drill ran on its lab. */
    static Recovery onLab(LabOutage outage, FinishedRun startup) {
        return new Recovery(outage.config(), startup, outage.lab(), outage.suspendedByShutdown());
    }

    /** On a live cluster: the latest {@code hecate-startup} in its history (none: the checks on it fail). */
    static Recovery live(HecateConfig config) {
        return new Recovery(config, latestStartup(config).orElse(null), null, List.of());
    }

    private static Optional<FinishedRun> latestStartup(HecateConfig config) {
        Optional<RunHistory> found = EngineDatabase.existingHistory(config.engineDir());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try (RunHistory history = found.get()) {
            return history.runs(200).stream().filter(run -> HecateWorkflows.STARTUP.equals(run.workflow())).findFirst()
                    .map(run -> new FinishedRun(run, history.stages(run.runId()), history.actions(run.runId())));
        }
    }

    HecateConfig config() {
        return config;
    }

    /** The lab the drill broke, or empty on a live cluster. */
    Optional<Lab> lab() {
        return Optional.ofNullable(lab);
    }

    /** On the lab: what the shutdown before the drill listed as suspended by Hecate. */
    List<FluxRef> suspendedByShutdown() {
        return suspendedByShutdown;
    }

    /** True when the startup has a row for the stage itself, whatever its outcome. */
    boolean stageRan(String stage) {
        return startup != null && startup.stageRows().stream().anyMatch(row -> row.stage().equals(stage));
    }

    void startupSucceeded(DrillCheck check) {
        if (startup == null) {
            check.expect("a " + HecateWorkflows.STARTUP + " run in " + config.engineDir(), false, "none");
            return;
        }
        RunRecord run = startup.run();
        check.expect(HecateWorkflows.STARTUP + " run " + run.runId() + " succeeded", startup.succeeded(),
                run.outcome() + (run.detail() == null ? "" : " (" + run.detail() + ")"));
    }

    /** The stage ran and its last row ended ok. */
    void stagePassed(DrillCheck check, String stage) {
        StageRecord last = null;
        if (startup != null) {
            for (StageRecord row : startup.stageRows()) {
                if (row.stage().equals(stage)) {
                    last = row;
                }
            }
        }
        check.expect("stage " + stage + " passed", last != null && OK.equals(last.outcome()),
                last == null ? "it never ran" : last.outcome() + (last.detail() == null ? "" : " (" + last.detail() + ")"));
    }

    /** The stage worked on the node and ended ok there. */
    void passedOn(DrillCheck check, String stage, String node) {
        StageRecord row = startup == null ? null : startup.nodeRow(stage, node);
        check.expect("stage " + stage + " passed on " + node, row != null && OK.equals(row.outcome()),
                row == null ? "it never worked on " + node : row.outcome() + " (" + row.detail() + ")");
    }

    void notOn(DrillCheck check, String stage, String node) {
        StageRecord row = startup == null ? null : startup.nodeRow(stage, node);
        check.expect("stage " + stage + " left " + node + " alone", row == null, "it ran there: " + (row == null ? "" : row.outcome()));
    }

    /** One of the stage's recorded actions contains the text. */
    void recorded(DrillCheck check, String stage, String text) {
        List<String> actions = startup == null ? List.of()
                : startup.actionsOf(stage).stream().map(a -> a.text()).toList();
        check.expect(stage + " recorded '" + text + "'", actions.stream().anyMatch(a -> a.contains(text)), actions.toString());
    }

    void intentNormal(DrillCheck check) {
        var reading = new IntentStore(config.intentFile()).read();
        check.expect("intent normal", reading.effectiveState().filter(IntentState.NORMAL::equals).isPresent(),
                reading.describe());
    }

    void apiUpAndEveryNodeReady(DrillCheck check) {
        boolean up;
        try {
            up = kube.apiReachable();
        } catch (ConnectorException e) {
            up = false;
        }
        check.expect("Kubernetes API up", up, "unreachable through " + config.kubeconfig());
        if (!up) {
            return;
        }
        List<NodeState> nodes = kube.nodes();
        List<String> notReady = nodes.stream().filter(node -> !node.ready() || node.unschedulable())
                .map(node -> node.name() + (node.ready() ? " cordoned" : " NotReady")).toList();
        check.expect("every node (" + nodes.size() + ") Ready and schedulable", !nodes.isEmpty() && notReady.isEmpty(),
                nodes.isEmpty() ? "no nodes" : notReady.toString());
    }

    void deploymentReady(DrillCheck check, String namespace, String name) {
        boolean ready;
        String seen = "not ready";
        try {
            ready = kube.deploymentReady(namespace, name);
        } catch (ConnectorException e) {
            ready = false;
            seen = e.getMessage();
        }
        check.expect("Deployment " + namespace + "/" + name + " ready", ready, seen);
    }

    /** The GitRepository Ready, and every Kustomization and HelmRelease Ready and resumed except {@code leftSuspended}. */
    void fluxReady(DrillCheck check, List<FluxRef> leftSuspended) {
        HecateConfig.Flux flux = config.flux();
        FluxRef source = new FluxRef(FluxKind.GIT_REPOSITORY, flux.namespace(), flux.gitRepository());
        FluxReadiness sourceReadiness = kube.fluxReadiness(source);
        check.expect(source + " Ready", sourceReadiness.ready(), sourceReadiness.reason() + ": " + sourceReadiness.message());
        List<String> wrong = new ArrayList<>();
        int count = 0;
        for (FluxKind kind : List.of(FluxKind.KUSTOMIZATION, FluxKind.HELM_RELEASE)) {
            for (FluxObject object : kube.fluxObjects(kind)) {
                if (leftSuspended.contains(object.ref())) {
                    continue;
                }
                count++;
                if (object.suspended()) {
                    wrong.add(object.ref() + " still suspended");
                } else if (!object.readiness().ready()) {
                    wrong.add(object.ref() + " not Ready (" + object.readiness().reason() + ")");
                }
            }
        }
        check.expect("every Kustomization and HelmRelease (" + count + ")" + (leftSuspended.isEmpty() ? ""
                : " but " + leftSuspended) + " resumed and Ready", count > 0 && wrong.isEmpty(),
                count == 0 ? "none" : wrong.toString());
    }

    /** Whether the object is suspended now (false when it is gone). */
    boolean suspended(FluxRef ref) {
        return kube.fluxObjects(ref.kind()).stream().anyMatch(object -> object.ref().equals(ref) && object.suspended());
    }

    List<FluxRef> suspendedNow() {
        List<FluxRef> suspended = new ArrayList<>();
        for (FluxKind kind : List.of(FluxKind.KUSTOMIZATION, FluxKind.HELM_RELEASE)) {
            kube.fluxObjects(kind).stream().filter(FluxObject::suspended).forEach(object -> suspended.add(object.ref()));
        }
        return suspended;
    }

    /** {@code <state_dir>/flux-suspended.json}: what Hecate suspended and has not resumed yet. */
    List<FluxRef> hecateSuspensions() {
        return FluxSuspensions.of(config).read();
    }

    @Override
    public void close() {
        kube.close();
    }
}
