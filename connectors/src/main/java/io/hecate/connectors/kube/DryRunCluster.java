package io.hecate.connectors.kube;

import io.hecate.connectors.ActionRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plan, not the act: no I/O. Mutating verbs record {@code kube: would cordon node titan-04}; reads record
 * {@code kube: would read ...} and answer the happy path so a dry run walks the whole graph.
 */
public final class DryRunCluster implements KubeCluster {

    private final ActionRecorder recorder;

    public DryRunCluster(ActionRecorder recorder) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    @Override
    public boolean apiReachable() {
        recorder.record("kube: would read /version");
        return true;
    }

    @Override
    public List<NodeState> nodes() {
        recorder.record("kube: would read nodes");
        return List.of();
    }

    @Override
    public void cordon(String node) {
        recorder.record("kube: would cordon node " + node);
    }

    @Override
    public void uncordon(String node) {
        recorder.record("kube: would uncordon node " + node);
    }

    @Override
    public DrainResult drain(String node, Duration timeout) {
        recorder.record("kube: would drain node " + node + " (timeout " + timeout.toSeconds() + "s)");
        return new DrainResult(node, List.of(), List.of(), false);
    }

    @Override
    public void scale(String namespace, String kind, String name, int replicas) {
        recorder.record("kube: would scale " + kind + " " + namespace + "/" + name + " to " + replicas);
    }

    @Override
    public List<PvcState> pvcs(String namespace) {
        recorder.record("kube: would read PersistentVolumeClaims in "
                + (namespace == null ? "all namespaces" : namespace));
        return List.of();
    }

    @Override
    public List<LonghornVolume> longhornVolumes() {
        recorder.record("kube: would read Longhorn volumes");
        return List.of();
    }

    @Override
    public List<PodEndpoint> pods(String namespace, Map<String, String> labels) {
        recorder.record("kube: would read Pods in " + namespace + " with labels " + labels);
        return List.of();
    }

    @Override
    public Map<String, String> readSecret(String namespace, String name) {
        recorder.record("kube: would read Secret " + namespace + "/" + name);
        return Map.of();
    }

    @Override
    public List<FluxObject> fluxObjects(FluxKind kind) {
        recorder.record("kube: would read " + kind.kind() + " objects in all namespaces");
        return List.of();
    }

    @Override
    public void setSuspended(FluxRef ref, boolean suspended) {
        recorder.record("kube: would " + (suspended ? "suspend " : "resume ") + ref);
    }

    @Override
    public void requestReconcile(FluxRef ref) {
        recorder.record("kube: would request a reconcile of " + ref);
    }

    @Override
    public FluxReadiness fluxReadiness(FluxRef ref) {
        recorder.record("kube: would read readiness of " + ref);
        return new FluxReadiness(true, "DryRun", "assumed ready in a dry run");
    }

    @Override
    public void setGitRepositoryBranch(String namespace, String name, String branch) {
        recorder.record("kube: would set the branch of " + new FluxRef(FluxKind.GIT_REPOSITORY, namespace, name)
                + " to " + branch);
    }

    @Override
    public List<String> applyManifests(Path dir) {
        recorder.record("kube: would apply the manifests in " + dir);
        return List.of();
    }

    @Override
    public boolean deploymentReady(String namespace, String name) {
        recorder.record("kube: would read readiness of Deployment " + namespace + "/" + name);
        return true;
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
