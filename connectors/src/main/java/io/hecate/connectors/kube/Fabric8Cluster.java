package io.hecate.connectors.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;
import io.hecate.connectors.Causes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link KubeCluster} over the fabric8 client. Patches are JSON merge patches. */
public final class Fabric8Cluster implements KubeCluster {

    static final String RECONCILE_ANNOTATION = "reconcile.fluxcd.io/requestedAt";
    static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";
    static final String MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";
    static final Duration EVICTION_RETRY_INTERVAL = Duration.ofMillis(500);
    static final ResourceDefinitionContext LONGHORN_VOLUMES = new ResourceDefinitionContext.Builder()
            .withGroup("longhorn.io")
            .withVersion("v1beta2")
            .withKind("Volume")
            .withPlural("volumes")
            .withNamespaced(true)
            .build();

    private static final Logger log = LoggerFactory.getLogger(Fabric8Cluster.class);
    private static final PatchContext MERGE_PATCH = PatchContext.of(PatchType.JSON_MERGE);

    private final KubernetesClient client;
    private final Duration requestTimeout;

    public Fabric8Cluster(KubeSettings settings) {
        this(new KubernetesClientBuilder().withConfig(config(settings)).build(), settings.requestTimeout());
    }

    /** Takes over a ready client (tests, the lab); {@link #close()} closes it. */
    public Fabric8Cluster(KubernetesClient client) {
        this(client, Duration.ofMillis(client.getConfiguration().getRequestTimeout()));
    }

    private Fabric8Cluster(KubernetesClient client, Duration requestTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.requestTimeout = requestTimeout;
    }

    static Config config(KubeSettings settings) {
        Config base;
        Path kubeconfig = settings.kubeconfig();
        if (kubeconfig == null) {
            base = Config.autoConfigure(null);
        } else {
            if (!Files.isReadable(kubeconfig)) {
                throw new KubeException("cannot read kubeconfig", kubeconfig.toString(), "missing or unreadable",
                        "set kubeconfig in hecate.yaml to the k3s admin kubeconfig (/etc/rancher/k3s/k3s.yaml)");
            }
            try {
                base = Config.fromKubeconfig(kubeconfig.toFile());
            } catch (RuntimeException e) {
                throw new KubeException("cannot parse kubeconfig", kubeconfig.toString(), rootMessage(e),
                        "check the file is a valid kubeconfig with a current-context", 0, e);
            }
        }
        int timeoutMillis = Math.toIntExact(settings.requestTimeout().toMillis());
        return new ConfigBuilder(base)
                .withRequestTimeout(timeoutMillis)
                .withConnectionTimeout(timeoutMillis)
                .withRequestRetryBackoffLimit(settings.requestRetries())
                .build();
    }

    @Override
    public boolean apiReachable() {
        CompletableFuture<HttpResponse<String>> answer = null;
        try {
            HttpClient http = client.getHttpClient();
            HttpRequest request = http.newHttpRequestBuilder()
                    .uri(URLUtils.join(client.getMasterUrl().toString(), "version"))
                    .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .build();
            answer = http.sendAsync(request, String.class);
            // The client retries failed requests; the probe must not outlast one request timeout.
            return answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).isSuccessful();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.debug("API not reachable at {}: {}", client.getMasterUrl(), rootMessage(e));
            if (answer != null) {
                answer.cancel(true);
            }
            return false;
        }
    }

    @Override
    public List<NodeState> nodes() {
        return call("cannot list nodes", "Nodes", () -> client.nodes().list().getItems()).stream()
                .map(Fabric8Cluster::nodeState)
                .toList();
    }

    private static NodeState nodeState(Node node) {
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of()
                : node.getStatus().getConditions();
        boolean ready = conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        Map<String, String> labels = node.getMetadata().getLabels();
        boolean controlPlane = labels != null && labels.containsKey(CONTROL_PLANE_LABEL);
        return new NodeState(node.getMetadata().getName(), ready, unschedulable, controlPlane);
    }

    @Override
    public void cordon(String node) {
        setUnschedulable(node, true);
    }

    @Override
    public void uncordon(String node) {
        setUnschedulable(node, false);
    }

    private void setUnschedulable(String node, boolean unschedulable) {
        // null removes the field, as kubectl uncordon leaves it.
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("unschedulable", unschedulable ? Boolean.TRUE : null);
        run(unschedulable ? "cannot cordon" : "cannot uncordon", "Node " + node,
                () -> client.nodes().withName(node).patch(MERGE_PATCH, json(Map.of("spec", spec))));
        log.info("{} node {}", unschedulable ? "cordoned" : "uncordoned", node);
    }

    @Override
    public DrainResult drain(String node, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        cordon(node);
        List<Pod> pending = call("cannot list pods to drain", "Node " + node,
                () -> client.pods().inAnyNamespace().list().getItems()).stream()
                .filter(pod -> pod.getSpec() != null && node.equals(pod.getSpec().getNodeName()))
                .filter(pod -> !isDaemonSetPod(pod) && !isMirrorPod(pod))
                .toList();
        List<String> evicted = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        while (true) {
            List<Pod> blocked = new ArrayList<>();
            for (Pod pod : pending) {
                evict(pod, evicted, failed, blocked);
            }
            pending = blocked;
            if (pending.isEmpty()) {
                return new DrainResult(node, evicted, failed, false);
            }
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                pending.forEach(pod -> failed.add(podId(pod)
                        + ": eviction refused (HTTP 429, PodDisruptionBudget) until the drain timeout " + timeout));
                log.warn("drain of {} timed out with {} pod(s) still protected by a PodDisruptionBudget",
                        node, pending.size());
                return new DrainResult(node, evicted, failed, true);
            }
            if (!pause(left.compareTo(EVICTION_RETRY_INTERVAL) < 0 ? left : EVICTION_RETRY_INTERVAL)) {
                pending.forEach(pod -> failed.add(podId(pod) + ": drain interrupted"));
                return new DrainResult(node, evicted, failed, false);
            }
        }
    }

    private void evict(Pod pod, List<String> evicted, List<String> failed, List<Pod> blocked) {
        String id = podId(pod);
        try {
            if (client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).evict()) {
                evicted.add(id);
                log.info("evicted pod {}", id);
            } else {
                blocked.add(pod);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                evicted.add(id); // gone already: what eviction wanted
            } else {
                failed.add(id + ": " + seen(e));
            }
        }
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isDaemonSetPod(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(owner -> "DaemonSet".equals(owner.getKind()));
    }

    private static boolean isMirrorPod(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(MIRROR_POD_ANNOTATION);
    }

    private static String podId(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    @Override
    public void scale(String namespace, String kind, String name, int replicas) {
        String target = kind + " " + namespace + "/" + name;
        Resource<? extends HasMetadata> resource = switch (kind) {
            case "Deployment" -> client.apps().deployments().inNamespace(namespace).withName(name);
            case "StatefulSet" -> client.apps().statefulSets().inNamespace(namespace).withName(name);
            default -> throw new KubeException("cannot scale", target, "unsupported kind " + kind,
                    "use Deployment or StatefulSet");
        };
        run("cannot scale to " + replicas, target,
                () -> resource.patch(MERGE_PATCH, json(Map.of("spec", Map.of("replicas", replicas)))));
        log.info("scaled {} to {}", target, replicas);
    }

    @Override
    public List<PvcState> pvcs(String namespace) {
        List<PersistentVolumeClaim> claims = namespace == null
                ? call("cannot list", "PersistentVolumeClaims in all namespaces",
                        () -> client.persistentVolumeClaims().inAnyNamespace().list().getItems())
                : call("cannot list", "PersistentVolumeClaims in " + namespace,
                        () -> client.persistentVolumeClaims().inNamespace(namespace).list().getItems());
        return claims.stream()
                .map(claim -> new PvcState(claim.getMetadata().getNamespace(), claim.getMetadata().getName(),
                        claim.getStatus() == null || claim.getStatus().getPhase() == null
                                ? "Unknown"
                                : claim.getStatus().getPhase()))
                .toList();
    }

    @Override
    public List<LonghornVolume> longhornVolumes() {
        List<GenericKubernetesResource> volumes;
        try {
            volumes = client.genericKubernetesResources(LONGHORN_VOLUMES).inAnyNamespace().list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                log.debug("no Longhorn volumes: the volumes.longhorn.io CRD is not installed");
                return List.of();
            }
            throw failure("cannot list", "Longhorn volumes in all namespaces", e);
        }
        return volumes.stream()
                .map(volume -> new LonghornVolume(volume.getMetadata().getName(),
                        volume.get("status", "kubernetesStatus", "namespace"),
                        volume.get("status", "kubernetesStatus", "pvcName"),
                        Objects.toString(volume.get("status", "state"), "unknown"),
                        Objects.toString(volume.get("status", "robustness"), "unknown")))
                .toList();
    }

    @Override
    public List<PodEndpoint> pods(String namespace, Map<String, String> labels) {
        List<Pod> pods = call("cannot list", "Pods in " + namespace + " with labels " + labels,
                () -> client.pods().inNamespace(namespace).withLabels(labels).list().getItems());
        return pods.stream().map(Fabric8Cluster::endpoint)
                .sorted(Comparator.comparing(PodEndpoint::name)).toList();
    }

    private static PodEndpoint endpoint(Pod pod) {
        Map<String, Integer> ports = new TreeMap<>();
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            pod.getSpec().getContainers().stream()
                    .filter(container -> container.getPorts() != null)
                    .flatMap(container -> container.getPorts().stream())
                    .filter(port -> port.getName() != null && port.getContainerPort() != null)
                    .forEach(port -> ports.putIfAbsent(port.getName(), port.getContainerPort()));
        }
        String ip = pod.getStatus() == null || pod.getStatus().getPodIP() == null ? "" : pod.getStatus().getPodIP();
        boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return new PodEndpoint(pod.getMetadata().getName(), ip, ports, ready);
    }

    @Override
    public Map<String, String> readSecret(String namespace, String name) {
        String target = "Secret " + namespace + "/" + name;
        Secret secret = call("cannot read", target, () -> client.secrets().inNamespace(namespace).withName(name).get());
        if (secret == null) {
            throw notFound(target);
        }
        Map<String, String> values = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, encoded) -> {
                try {
                    values.put(key, new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // The decoder's message may quote the value: say only which key is broken.
                    throw new KubeException("cannot decode", target, "key " + key + " is not valid base64",
                            "recreate the Secret with base64-encoded data");
                }
            });
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return Collections.unmodifiableMap(values);
    }

    @Override
    public List<FluxObject> fluxObjects(FluxKind kind) {
        return call("cannot list", kind.kind() + " objects in all namespaces",
                () -> client.genericKubernetesResources(context(kind)).inAnyNamespace().list().getItems()).stream()
                .map(object -> new FluxObject(
                        new FluxRef(kind, object.getMetadata().getNamespace(), object.getMetadata().getName()),
                        suspended(object), readiness(object)))
                .toList();
    }

    @Override
    public void setSuspended(FluxRef ref, boolean suspended) {
        run(suspended ? "cannot suspend" : "cannot resume", ref.toString(),
                () -> flux(ref).patch(MERGE_PATCH, json(Map.of("spec", Map.of("suspend", suspended)))));
        log.info("{} {}", suspended ? "suspended" : "resumed", ref);
    }

    @Override
    public void requestReconcile(FluxRef ref) {
        String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        run("cannot request reconcile", ref.toString(), () -> flux(ref).patch(MERGE_PATCH,
                json(Map.of("metadata", Map.of("annotations", Map.of(RECONCILE_ANNOTATION, now))))));
        log.info("requested reconcile of {}", ref);
    }

    @Override
    public FluxReadiness fluxReadiness(FluxRef ref) {
        GenericKubernetesResource object = call("cannot read", ref.toString(), () -> flux(ref).get());
        if (object == null) {
            throw notFound(ref.toString());
        }
        return readiness(object);
    }

    @Override
    public void setGitRepositoryBranch(String namespace, String name, String branch) {
        FluxRef ref = new FluxRef(FluxKind.GIT_REPOSITORY, namespace, name);
        // Flux prefers commit, name, semver and tag over branch: clear them or the branch is ignored.
        Map<String, Object> gitRef = new LinkedHashMap<>();
        gitRef.put("branch", branch);
        gitRef.put("tag", null);
        gitRef.put("semver", null);
        gitRef.put("name", null);
        gitRef.put("commit", null);
        run("cannot set branch " + branch, ref.toString(),
                () -> flux(ref).patch(MERGE_PATCH, json(Map.of("spec", Map.of("ref", gitRef)))));
        log.info("set branch of {} to {}", ref, branch);
    }

    private Resource<GenericKubernetesResource> flux(FluxRef ref) {
        return client.genericKubernetesResources(context(ref.kind())).inNamespace(ref.namespace())
                .withName(ref.name());
    }

    private static ResourceDefinitionContext context(FluxKind kind) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(kind.group())
                .withVersion(kind.version())
                .withKind(kind.kind())
                .withPlural(kind.plural())
                .withNamespaced(true)
                .build();
    }

    private static boolean suspended(GenericKubernetesResource object) {
        return Boolean.TRUE.equals(object.get("spec", "suspend"));
    }

    private static FluxReadiness readiness(GenericKubernetesResource object) {
        Object conditions = object.get("status", "conditions");
        if (conditions instanceof List<?> list) {
            for (Object condition : list) {
                if (condition instanceof Map<?, ?> map && "Ready".equals(map.get("type"))) {
                    return new FluxReadiness("True".equals(map.get("status")),
                            Objects.toString(map.get("reason"), ""), Objects.toString(map.get("message"), ""));
                }
            }
        }
        return new FluxReadiness(false, "NoReadyCondition", "the controller has not reported a Ready condition yet");
    }

    @Override
    public List<String> applyManifests(Path dir) {
        // Parse every file before applying any, so a broken file leaves the cluster untouched.
        Map<Path, List<HasMetadata>> manifests = new LinkedHashMap<>();
        for (Path file : manifestFiles(dir)) {
            manifests.put(file, parse(file));
        }
        List<String> applied = new ArrayList<>();
        manifests.forEach((file, objects) -> objects.forEach(object -> applied.add(apply(file, object))));
        return applied;
    }

    private static List<Path> manifestFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KubeException("cannot apply manifests", dir.toString(), "not a directory",
                    "point the bootstrap path at a directory of *.yaml files");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries
                    .filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".yaml")
                            || file.getFileName().toString().endsWith(".yml"))
                    .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new KubeException("cannot list manifests", dir.toString(), rootMessage(e),
                    "check the directory's permissions", 0, e);
        }
    }

    private List<HasMetadata> parse(Path file) {
        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(file)) {
            objects = client.load(in).items();
        } catch (IOException e) {
            throw new KubeException("cannot read manifest", file.toString(), rootMessage(e),
                    "check the file's permissions", 0, e);
        } catch (RuntimeException e) {
            throw new KubeException("cannot parse manifest", file.toString(), rootMessage(e),
                    "fix the YAML; every document needs apiVersion, kind and metadata.name", 0, e);
        }
        List<HasMetadata> present = objects.stream().filter(Objects::nonNull).toList();
        for (HasMetadata object : present) {
            if (object.getKind() == null || object.getMetadata() == null || object.getMetadata().getName() == null) {
                throw new KubeException("cannot parse manifest", file.toString(),
                        "a document without kind or metadata.name",
                        "fix the YAML; every document needs apiVersion, kind and metadata.name");
            }
        }
        return present;
    }

    private String apply(Path file, HasMetadata object) {
        String target = object.getKind() + " " + qualifiedName(object);
        AtomicBoolean existed = new AtomicBoolean();
        HasMetadata result = call("cannot apply (from " + file.getFileName() + ")", target,
                () -> client.resource(object).createOr(existing -> {
                    existed.set(true);
                    return existing.update();
                }));
        String line = object.getKind() + " " + qualifiedName(result) + (existed.get() ? " replaced" : " created");
        log.info("{}", line);
        return line;
    }

    private static String qualifiedName(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null ? object.getMetadata().getName() : namespace + "/" + object.getMetadata().getName();
    }

    @Override
    public boolean deploymentReady(String namespace, String name) {
        Deployment deployment = call("cannot read", "Deployment " + namespace + "/" + name,
                () -> client.apps().deployments().inNamespace(namespace).withName(name).get());
        if (deployment == null || deployment.getStatus() == null) {
            return false;
        }
        // Kubernetes defaults spec.replicas to 1.
        int desired = deployment.getSpec() == null || deployment.getSpec().getReplicas() == null
                ? 1
                : deployment.getSpec().getReplicas();
        DeploymentStatus status = deployment.getStatus();
        int ready = status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
        Long generation = deployment.getMetadata().getGeneration();
        boolean observed = generation == null
                || (status.getObservedGeneration() != null && status.getObservedGeneration() >= generation);
        return desired > 0 && ready >= desired && observed;
    }

    @Override
    public void close() {
        client.close();
    }

    private String json(Object patch) {
        return client.getKubernetesSerialization().asJson(patch);
    }

    private <T> T call(String what, String target, Supplier<T> action) {
        try {
            return action.get();
        } catch (KubernetesClientException e) {
            throw failure(what, target, e);
        }
    }

    private void run(String what, String target, Runnable action) {
        call(what, target, () -> {
            action.run();
            return null;
        });
    }

    private static KubeException notFound(String target) {
        return new KubeException("not found", target, "HTTP 404", hint(404), 404, null);
    }

    private static KubeException failure(String what, String target, KubernetesClientException e) {
        int code = Math.max(0, e.getCode()); // fabric8 reports -1 or 0 when no HTTP answer came
        return new KubeException(what, target, seen(e), hint(code), code, e);
    }

    private static String seen(KubernetesClientException e) {
        if (e.getCode() <= 0) {
            return "no answer: " + rootMessage(e);
        }
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return "HTTP " + e.getCode() + " " + message;
    }

    private static String hint(int code) {
        return switch (code) {
            case 0 -> "the API server did not answer: check that k3s runs on a control-plane node and that the"
                    + " kubeconfig server address is right";
            case 401 -> "the kubeconfig credentials were rejected: refresh the token or client certificate";
            case 403 -> "the kubeconfig user lacks RBAC permission for this: grant it or use the k3s admin"
                    + " kubeconfig";
            case 404 -> "check the namespace and name, and that the resource's CRD is installed";
            case 409 -> "the object changed meanwhile: run the stage again";
            case 429 -> "the API server is throttling or a PodDisruptionBudget refused: retry later";
            default -> code >= 500 ? "the API server failed: check its logs (journalctl -u k3s)" : "see the API's message";
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable root = Causes.root(e);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
