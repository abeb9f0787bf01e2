package io.hecate.drills.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The Kubernetes side of the lab: fabric8's CRUD mock server behind {@link ApiGate}, seeded with Titan's
 * objects, and a controller loop that makes node, pod, deployment, PVC and Flux status follow the nodes.
 */
final class LabCluster implements AutoCloseable {

    static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";
    static final String REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";
    static final String DAEMONSET = "node-exporter";
    static final List<String> PVCS = List.of("apps/data", "vault/data-vault-0", "vault/data-vault-1",
            "vault/data-vault-2", "gitea/gitea-data");

    static final CustomResourceDefinitionContext GIT_REPOSITORY = crd("source.toolkit.fluxcd.io", "v1",
            "GitRepository", "gitrepositories");
    static final CustomResourceDefinitionContext KUSTOMIZATION = crd("kustomize.toolkit.fluxcd.io", "v1",
            "Kustomization", "kustomizations");
    static final CustomResourceDefinitionContext HELM_RELEASE = crd("helm.toolkit.fluxcd.io", "v2",
            "HelmRelease", "helmreleases");
    static final CustomResourceDefinitionContext LONGHORN_VOLUME = crd("longhorn.io", "v1beta2", "Volume", "volumes");
    static final String LONGHORN_NAMESPACE = "longhorn-system";
    /** The PVCs on Longhorn volumes; the others have no volume object, as with Longhorn not installed. */
    static final List<String> LONGHORN_PVCS = List.of("vault/data-vault-0");

    /** The mock server logs every request through java.util.logging at INFO; a lab wants only problems. */
    private static final java.util.logging.Logger MOCK_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final Lab lab;
    private final KubernetesMockServer server;
    private final KubernetesClient admin;
    private final ApiGate gate;
    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(LabScheduler.daemon("lab-controller"));
    private final Map<String, Boolean> writtenNodeReady = new HashMap<>();
    private volatile boolean apiUp;

    LabCluster(Lab lab) throws IOException {
        this.lab = lab;
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new EvictingDispatcher(lab,
                List.of(GIT_REPOSITORY, KUSTOMIZATION, HELM_RELEASE, LONGHORN_VOLUME)), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        admin = new KubernetesClientBuilder().withConfig(clientConfig("http://127.0.0.1:" + server.getPort()))
                .build();
        gate = new ApiGate(server.getPort(), lab.scheduler().io());
    }

    static Config clientConfig(String url) {
        return new ConfigBuilder().withMasterUrl(url).withNamespace("default").withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2_000).withRequestTimeout(5_000).build();
    }

    KubernetesClient admin() {
        return admin;
    }

    int gatePort() {
        return gate.port();
    }

    boolean apiUp() {
        return apiUp;
    }

    private static CustomResourceDefinitionContext crd(String group, String version, String kind, String plural) {
        return new CustomResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withName(plural + "." + group).withScope("Namespaced")
                .withStatusSubresource(true).build();
    }

    // ---- seed -----------------------------------------------------------------------------------------

    void seed(List<LabNode> nodes, List<String> workers, LabVault vault) throws Exception {
        for (String ns : List.of("kube-system", "apps", "vault", "flux-system", "monitoring", "gitea",
                LONGHORN_NAMESPACE)) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                    .build()).create();
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (LabNode node : nodes) {
            objects.add(node(node));
            Pod exporter = pod("monitoring", DAEMONSET + "-" + node.name(), node.name(), Map.of("app", DAEMONSET));
            // Owned by the DaemonSet, so a drain leaves it alone as kubectl drain --ignore-daemonsets does.
            exporter.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                    .withKind("DaemonSet").withName(DAEMONSET).withUid("lab-" + DAEMONSET).withController(true).build()));
            objects.add(exporter);
        }
        objects.add(new DaemonSetBuilder().withNewMetadata().withNamespace("monitoring").withName(DAEMONSET)
                .endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", DAEMONSET).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", DAEMONSET).endMetadata().withNewSpec()
                .addNewContainer().withName(DAEMONSET).withImage("prom/node-exporter:v1.8.2").endContainer()
                .endSpec().endTemplate().endSpec().build());
        deployment(objects, workers, "apps", "web", 2);
        deployment(objects, workers, "apps", "api", 2);
        deployment(objects, workers, "monitoring", "grafana", 1);
        // k3s runs CoreDNS in kube-system; startup waits for it before anything resolves service names
        deployment(objects, workers, "kube-system", "coredns", 1);
        objects.add(giteaDeployment());
        objects.add(pod("gitea", "gitea-0", workers.get(0), Map.of("app", "gitea")));
        objects.add(new StatefulSetBuilder().withNewMetadata().withNamespace("vault").withName("vault")
                .endMetadata().withNewSpec().withReplicas(vault.podCount()).withServiceName("vault")
                .withNewSelector().addToMatchLabels("app.kubernetes.io/name", "vault").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/name", "vault").endMetadata()
                .withNewSpec().addNewContainer().withName("vault").withImage("hashicorp/vault:1.15.4")
                .endContainer().endSpec().endTemplate().endSpec().build());
        for (int i = 0; i < vault.podCount(); i++) {
            Pod pod = pod("vault", vault.podName(i), workers.get(i % workers.size()),
                    Map.of("app.kubernetes.io/name", "vault"));
            placeVaultPod(pod, vault.podIps().get(i), vault.podPorts().get(i));
            objects.add(pod);
        }
        for (String pvc : PVCS) {
            objects.add(pvc(pvc));
        }
        objects.add(new SecretBuilder().withNewMetadata().withNamespace("vault").withName("vault-init")
                .endMetadata().addToData("vault-init.json", base64(vault.initJson())).build());
        createAll(objects);
        seedFlux();
        seedLonghorn();
        for (LabNode node : nodes) {
            writtenNodeReady.put(node.name(), true);
        }
    }

    /** The seed of 200 nodes is ~450 objects: a few parallel requests keep start time in the seconds. */
    private void createAll(List<HasMetadata> objects) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4, LabScheduler.daemon("lab-seed"));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (HasMetadata object : objects) {
                done.add(pool.submit(() -> admin.resource(object).create()));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The mock server keeps stringData as sent; real API servers fold it into data, which clients read. */
    static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Node node(LabNode node) {
        NodeBuilder builder = new NodeBuilder().withNewMetadata().withName(node.name())
                .addToLabels("kubernetes.io/hostname", node.name())
                .addToLabels("kubernetes.io/os", "linux").endMetadata()
                .withNewStatus().withConditions(readyCondition(true)).addNewAddress().withType("InternalIP")
                .withAddress("127.0.0.1").endAddress().withNewNodeInfo().withKubeletVersion("v1.30.6+k3s1")
                .endNodeInfo().endStatus();
        if (node.controlPlane()) {
            builder.editMetadata().addToLabels(CONTROL_PLANE_LABEL, "true")
                    .addToLabels("node-role.kubernetes.io/etcd", "true")
                    .addToLabels("node-role.kubernetes.io/master", "true").endMetadata();
        }
        return builder.build();
    }

    static NodeCondition readyCondition(boolean ready) {
        String now = Instant.now().toString();
        return new NodeConditionBuilder().withType("Ready").withStatus(ready ? "True" : "Unknown")
                .withReason(ready ? "KubeletReady" : "NodeStatusUnknown")
                .withMessage(ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status.")
                .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
    }

    /**
     * The Vault pods' objects follow their listeners after a restart: new pod IP, new {@code api} port. A pod
     * evicted by a drain is recreated, as its StatefulSet would.
     */
    void vaultPodsMoved(LabVault vault) {
        for (int i = 0; i < vault.podCount(); i++) {
            Pod pod = pod("vault", vault.podName(i), vault.podNodes().get(i), Map.of("app.kubernetes.io/name", "vault"));
            placeVaultPod(pod, vault.podIps().get(i), vault.podPorts().get(i));
            admin.pods().inNamespace("vault").withName(vault.podName(i)).delete();
            admin.resource(pod).create();
        }
    }

    private static void placeVaultPod(Pod pod, String ip, int port) {
        pod.getSpec().getContainers().get(0).setPorts(List.of(new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                .withName("api").withContainerPort(port).withProtocol("TCP").build()));
        pod.getStatus().setPodIP(ip);
        pod.getStatus().setPodIPs(List.of(new io.fabric8.kubernetes.api.model.PodIPBuilder().withIp(ip).build()));
    }

    private static PodCondition podReady(boolean ready) {
        return new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(Instant.now().toString()).build();
    }

    private static Pod pod(String namespace, String name, String nodeName, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels)
                .endMetadata().withNewSpec().withNodeName(nodeName).addNewContainer().withName("main")
                .withImage("registry.titan.lan/" + name + ":lab").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withConditions(podReady(true)).endStatus().build();
    }

    private static void deployment(List<HasMetadata> objects, List<String> workers, String namespace, String name,
                                   int replicas) {
        objects.add(new DeploymentBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName(name).withImage("registry.titan.lan/" + name + ":lab").endContainer()
                .endSpec().endTemplate().endSpec().withStatus(deploymentStatus(replicas, replicas)).build());
        for (int i = 0; i < replicas; i++) {
            objects.add(pod(namespace, name + "-" + i, workers.get((name.hashCode() + i & 0x7fffffff)
                    % workers.size()), Map.of("app", name)));
        }
    }

    static Deployment giteaDeployment() {
        return new DeploymentBuilder().withNewMetadata().withNamespace("gitea").withName("gitea").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "gitea").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "gitea").endMetadata().withNewSpec()
                .addNewContainer().withName("gitea").withImage("gitea/gitea:1.22.3").addNewPort()
                .withContainerPort(3000).endPort().endContainer().endSpec().endTemplate().endSpec()
                .withStatus(deploymentStatus(1, 1)).build();
    }

    private static DeploymentStatus deploymentStatus(int replicas, int ready) {
        return new DeploymentStatusBuilder().withReplicas(replicas).withUpdatedReplicas(replicas)
                .withReadyReplicas(ready).withAvailableReplicas(ready)
                .withConditions(new DeploymentConditionBuilder().withType("Available")
                        .withStatus(ready >= replicas && replicas > 0 ? "True" : "False")
                        .withReason(ready >= replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                        .build()).build();
    }

    private static PersistentVolumeClaim pvc(String namespacedName) {
        String[] parts = namespacedName.split("/");
        return new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace(parts[0]).withName(parts[1])
                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("longhorn")
                .withNewResources().addToRequests("storage", new Quantity("10Gi")).endResources().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build();
    }

    private void seedFlux() {
        Map<String, Object> sourceRef = Map.of("kind", "GitRepository", "name", "flux-system",
                "namespace", "flux-system");
        createFlux(GIT_REPOSITORY, "flux-system", "flux-system", Map.of("interval", "1m",
                "url", "http://gitea-http.gitea.svc.cluster.local:3000/titan/flux.git",
                "ref", Map.of("branch", "main")));
        createFlux(KUSTOMIZATION, "flux-system", "infrastructure", Map.of("interval", "10m",
                "path", "./infrastructure", "prune", true, "sourceRef", sourceRef));
        createFlux(KUSTOMIZATION, "flux-system", "apps", Map.of("interval", "10m", "path", "./apps",
                "prune", true, "sourceRef", sourceRef, "dependsOn", List.of(Map.of("name", "infrastructure"))));
        createFlux(HELM_RELEASE, "monitoring", "grafana", Map.of("interval", "30m",
                "chart", Map.of("spec", Map.of("chart", "./charts/grafana", "sourceRef", sourceRef))));
    }

    private void createFlux(CustomResourceDefinitionContext type, String namespace, String name,
                            Map<String, Object> spec) {
        GenericKubernetesResource object = new GenericKubernetesResourceBuilder()
                .withApiVersion(type.getGroup() + "/" + type.getVersion()).withKind(type.getKind())
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToAdditionalProperties("spec", spec).build();
        admin.genericKubernetesResources(type).inNamespace(namespace).resource(object).create();
        admin.genericKubernetesResources(type).inNamespace(namespace).withName(name).editStatus(current -> {
            current.setAdditionalProperty("status", fluxStatus(true, "ReconciliationSucceeded",
                    "Applied revision: main@sha1:5f3c2a1e", null));
            return current;
        });
    }

    private void seedLonghorn() {
        for (String pvc : LONGHORN_PVCS) {
            admin.genericKubernetesResources(LONGHORN_VOLUME).inNamespace(LONGHORN_NAMESPACE).resource(
                    new GenericKubernetesResourceBuilder().withApiVersion("longhorn.io/v1beta2").withKind("Volume")
                            .withNewMetadata().withNamespace(LONGHORN_NAMESPACE).withName(longhornVolume(pvc))
                            .endMetadata().addToAdditionalProperties("spec", Map.of("numberOfReplicas", 3,
                                    "size", "10737418240", "frontend", "blockdev")).build()).create();
            longhornRobustness(admin, pvc, "healthy");
        }
    }

    /** Real volumes are named after their PersistentVolume ({@code pvc-<uid>}); the lab's after the claim. */
    static String longhornVolume(String pvc) {
        return "pvc-" + pvc.replace('/', '-');
    }

    /** Writes the status of the attached Longhorn volume backing the PVC (namespace/name). */
    static void longhornRobustness(KubernetesClient admin, String pvc, String robustness) {
        if (!LONGHORN_PVCS.contains(pvc)) {
            throw new IllegalArgumentException("no Longhorn volume backs " + pvc + " in the lab; these do: "
                    + LONGHORN_PVCS);
        }
        String[] parts = pvc.split("/");
        admin.genericKubernetesResources(LONGHORN_VOLUME).inNamespace(LONGHORN_NAMESPACE).withName(longhornVolume(pvc))
                .editStatus(current -> {
                    current.setAdditionalProperty("status", Map.of("state", "attached", "robustness", robustness,
                            "kubernetesStatus", Map.of("namespace", parts[0], "pvcName", parts[1], "pvStatus", "Bound")));
                    return current;
                });
    }

    private static Map<String, Object> fluxStatus(boolean ready, String reason, String message, String handled) {
        Map<String, Object> status = new HashMap<>();
        status.put("conditions", List.of(Map.of("type", "Ready", "status", ready ? "True" : "False",
                "reason", reason, "message", message, "lastTransitionTime", Instant.now().toString())));
        status.put("observedGeneration", 1);
        if (handled != null) {
            status.put("lastHandledReconcileAt", handled);
        }
        return status;
    }

    // ---- controller -----------------------------------------------------------------------------------

    void startController() {
        loop.scheduleWithFixedDelay(this::tickQuietly, 150, 150, TimeUnit.MILLISECONDS);
    }

    /** Re-evaluates the API gate now and asks the controller for an early pass. */
    void poke() {
        updateGate();
        if (!loop.isShutdown()) {
            loop.execute(this::tickQuietly);
        }
    }

    synchronized void updateGate() {
        boolean up = lab.apiShouldBeUp();
        if (up != apiUp) {
            try {
                gate.setOpen(up);
                apiUp = up;
                lab.record("api", up ? "Kubernetes API up" : "Kubernetes API down");
            } catch (IOException e) {
                lab.record("api", "gate failed: " + e.getMessage());
            }
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (KubernetesClientException | IllegalStateException e) {
            lab.record("controller", "pass failed, retrying: " + e.getMessage());
        }
    }

    private void tick() {
        updateGate();
        Map<String, Boolean> ready = new HashMap<>();
        for (LabNode node : lab.nodes()) {
            ready.put(node.name(), node.k3sActive() && apiUp);
        }
        syncNodes(ready);
        int readyWorkers = (int) lab.workers().stream().filter(ready::get).count();
        syncDeployments(readyWorkers);
        syncPvcs();
        reconcileFlux();
    }

    private void syncNodes(Map<String, Boolean> ready) {
        List<String> changed = new ArrayList<>();
        ready.forEach((name, isReady) -> {
            if (!isReady.equals(writtenNodeReady.get(name))) {
                changed.add(name);
            }
        });
        if (changed.isEmpty()) {
            return;
        }
        for (String name : changed) {
            boolean isReady = ready.get(name);
            writtenNodeReady.put(name, isReady);
            if (admin.nodes().withName(name).get() == null) {
                continue;
            }
            // edit() sends a JSON patch of the status only, so a concurrent cordon by Hecate survives.
            admin.nodes().withName(name).edit(node -> {
                List<NodeCondition> conditions = new ArrayList<>(node.getStatus().getConditions());
                conditions.removeIf(c -> "Ready".equals(c.getType()));
                conditions.add(readyCondition(isReady));
                node.getStatus().setConditions(conditions);
                return node;
            });
            lab.record(name, "Node " + (isReady ? "Ready" : "NotReady"));
        }
        for (Pod pod : admin.pods().inAnyNamespace().list().getItems()) {
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (nodeName == null || !changed.contains(nodeName) || pod.getStatus() == null) {
                continue;
            }
            boolean podReady = ready.get(nodeName);
            admin.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .edit(edited -> {
                        edited.getStatus().setConditions(List.of(podReady(podReady)));
                        return edited;
                    });
        }
    }

    private void syncDeployments(int readyWorkers) {
        for (Deployment deployment : admin.apps().deployments().inAnyNamespace().list().getItems()) {
            int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
            int ready = Math.min(replicas, readyWorkers);
            DeploymentStatus status = deployment.getStatus();
            Long generation = deployment.getMetadata().getGeneration();
            Integer current = status == null ? null : status.getReadyReplicas();
            if (current != null && current == ready && status.getReplicas() != null
                    && status.getReplicas() == replicas && Objects.equals(status.getObservedGeneration(), generation)) {
                continue;
            }
            admin.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                    .withName(deployment.getMetadata().getName()).editStatus(edited -> {
                        DeploymentStatus written = deploymentStatus(replicas, ready);
                        // as the Deployment controller does: readers compare it with metadata.generation
                        written.setObservedGeneration(edited.getMetadata().getGeneration());
                        edited.setStatus(written);
                        return edited;
                    });
            lab.record("controller", "Deployment " + deployment.getMetadata().getNamespace() + "/"
                    + deployment.getMetadata().getName() + " ready " + ready + "/" + replicas);
        }
    }

    private void syncPvcs() {
        for (PersistentVolumeClaim pvc : admin.persistentVolumeClaims().inAnyNamespace().list().getItems()) {
            String key = pvc.getMetadata().getNamespace() + "/" + pvc.getMetadata().getName();
            String phase = lab.faults().pvcStuck(key) ? "Pending" : "Bound";
            String current = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
            if (phase.equals(current)) {
                continue;
            }
            admin.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace())
                    .withName(pvc.getMetadata().getName()).edit(edited -> {
                        edited.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase(phase).build());
                        return edited;
                    });
            lab.record("controller", "PVC " + key + " " + phase);
        }
    }

    boolean giteaReady() {
        Deployment gitea = admin.apps().deployments().inNamespace("gitea").withName("gitea").get();
        return gitea != null && gitea.getStatus() != null && gitea.getStatus().getReadyReplicas() != null
                && gitea.getStatus().getReadyReplicas() > 0;
    }

    /** Flux's controllers, reduced to what Hecate sees: a requested reconcile flips Ready by source health. */
    private void reconcileFlux() {
        for (GenericKubernetesResource repo : requested(GIT_REPOSITORY)) {
            boolean ok = giteaReady();
            writeFlux(GIT_REPOSITORY, repo, ok, ok ? "Succeeded" : "GitOperationFailed",
                    ok ? "stored artifact for revision 'main@sha1:5f3c2a1e'"
                            : "failed to checkout and determine revision: unable to clone"
                            + " 'http://gitea-http.gitea.svc.cluster.local:3000/titan/flux.git': dial tcp"
                            + " 10.43.12.7:3000: connect: connection refused (gitea unavailable)");
        }
        for (CustomResourceDefinitionContext type : List.of(KUSTOMIZATION, HELM_RELEASE)) {
            for (GenericKubernetesResource object : requested(type)) {
                boolean ok = sourceReady();
                writeFlux(type, object, ok, ok ? "ReconciliationSucceeded" : "ArtifactFailed",
                        ok ? "Applied revision: main@sha1:5f3c2a1e"
                                : "Source artifact not found, retrying in 30s: GitRepository flux-system/flux-system"
                                + " is not ready");
            }
        }
    }

    private boolean sourceReady() {
        GenericKubernetesResource repo = admin.genericKubernetesResources(GIT_REPOSITORY).inNamespace("flux-system")
                .withName("flux-system").get();
        return repo != null && "True".equals(readyStatus(repo));
    }

    @SuppressWarnings("unchecked")
    static String readyStatus(GenericKubernetesResource object) {
        Object status = object.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> conditions)) {
            return null;
        }
        for (Object condition : conditions) {
            Map<String, Object> c = (Map<String, Object>) condition;
            if ("Ready".equals(c.get("type"))) {
                return String.valueOf(c.get("status"));
            }
        }
        return null;
    }

    private List<GenericKubernetesResource> requested(CustomResourceDefinitionContext type) {
        List<GenericKubernetesResource> result = new ArrayList<>();
        for (GenericKubernetesResource object : admin.genericKubernetesResources(type).inAnyNamespace().list()
                .getItems()) {
            Map<String, String> annotations = object.getMetadata().getAnnotations();
            String requestedAt = annotations == null ? null : annotations.get(REQUESTED_AT);
            Object spec = object.getAdditionalProperties().get("spec");
            boolean suspended = spec instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("suspend"));
            if (requestedAt != null && !suspended && !requestedAt.equals(lastHandled(object))) {
                result.add(object);
            }
        }
        return result;
    }

    private static Object lastHandled(GenericKubernetesResource object) {
        Object status = object.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map ? map.get("lastHandledReconcileAt") : null;
    }

    private void writeFlux(CustomResourceDefinitionContext type, GenericKubernetesResource object, boolean ready,
                           String reason, String message) {
        String requestedAt = object.getMetadata().getAnnotations().get(REQUESTED_AT);
        String namespace = object.getMetadata().getNamespace();
        String name = object.getMetadata().getName();
        admin.genericKubernetesResources(type).inNamespace(namespace).withName(name).editStatus(current -> {
            current.setAdditionalProperty("status", fluxStatus(ready, reason, message, requestedAt));
            return current;
        });
        lab.record("flux", type.getKind() + " " + namespace + "/" + name + " reconciled: Ready="
                + (ready ? "True" : "False") + " " + reason);
    }

    @Override
    public void close() throws IOException {
        loop.shutdownNow();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gate.close();
        admin.close();
        server.destroy();
    }
}
