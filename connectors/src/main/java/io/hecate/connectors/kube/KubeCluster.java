package io.hecate.connectors.kube;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes verbs Hecate's stages need. Every failure is a {@link KubeException} naming the object,
 * what the API answered and a hint, except where a verb says otherwise.
 */
public interface KubeCluster extends AutoCloseable {

    /** GET /version answers within the request timeout; never throws. */
    boolean apiReachable();

    List<NodeState> nodes();

    /** Idempotent. */
    void cordon(String node);

    /** Idempotent. */
    void uncordon(String node);

    /**
     * Cordons the node, then evicts every pod on it except DaemonSet and mirror pods. Evictions refused
     * with 429 (a PodDisruptionBudget) are retried until the timeout; pod failures are reported in the
     * result, not thrown. Only a failure to cordon throws.
     */
    DrainResult drain(String node, Duration timeout);

    /** {@code kind} is {@code Deployment} or {@code StatefulSet}. */
    void scale(String namespace, String kind, String name, int replicas);

    /** {@code namespace} null lists all namespaces. */
    List<PvcState> pvcs(String namespace);

    /**
     * Longhorn's {@code volumes.longhorn.io} in all namespaces. Longhorn is optional: when its CRD is not
     * installed (404 on the list) the answer is empty, not an error.
     */
    List<LonghornVolume> longhornVolumes();

    /**
     * The pods of {@code namespace} matching an equality label selector ({@code key=value,...}), in name
     * order. An empty answer is not an error.
     */
    List<PodEndpoint> pods(String namespace, Map<String, String> labels);

    /** Decoded values. Values are never logged. */
    Map<String, String> readSecret(String namespace, String name);

    /** All namespaces. */
    List<FluxObject> fluxObjects(FluxKind kind);

    void setSuspended(FluxRef ref, boolean suspended);

    /** Sets the annotation {@code reconcile.fluxcd.io/requestedAt} to now (RFC 3339). */
    void requestReconcile(FluxRef ref);

    /** From {@code status.conditions[type=Ready]}. */
    FluxReadiness fluxReadiness(FluxRef ref);

    /** Sets {@code spec.ref.branch} and clears tag, semver, name and commit, which Flux would prefer. */
    void setGitRepositoryBranch(String namespace, String name, String branch);

    /**
     * Creates or replaces every object in every {@code *.yaml}/{@code *.yml} file of {@code dir}, files in
     * name order. Returns one line per object: {@code Kind namespace/name created|replaced}.
     */
    List<String> applyManifests(Path dir);

    /**
     * {@code readyReplicas >= spec.replicas > 0} and the controller has observed the latest generation.
     * A missing Deployment is not ready (it may not have been created yet).
     */
    boolean deploymentReady(String namespace, String name);

    @Override
    void close();
}
