package io.hecate.connectors.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fabric8ClusterIT {

    @TempDir
    Path tmp;

    MockKubeApi api;
    KubernetesClient admin;
    Fabric8Cluster cluster;

    @BeforeEach
    void startApi() {
        api = new MockKubeApi();
        admin = api.admin();
        cluster = api.cluster(tmp);
    }

    @AfterEach
    void stopApi() {
        cluster.close();
        api.close();
    }

    @Nested
    class Reachability {

        @Test
        void answersReachableWhenVersionEndpointAnswers() {
            assertThat(cluster.apiReachable()).isTrue();
        }

        @Test
        void answersUnreachableQuicklyForAClosedPort() {
            Path kubeconfig = MockKubeApi.kubeconfig(tmp, "http://127.0.0.1:" + MockKubeApi.closedPort());
            try (Fabric8Cluster down = new Fabric8Cluster(new KubeSettings(kubeconfig, Duration.ofSeconds(1), 0))) {
                long start = System.nanoTime();
                assertThat(down.apiReachable()).isFalse();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            }
        }

        @Test
        void failsVerbsAgainstAClosedPortWithAHintAboutTheServer() {
            Path kubeconfig = MockKubeApi.kubeconfig(tmp, "http://127.0.0.1:" + MockKubeApi.closedPort());
            try (Fabric8Cluster down = new Fabric8Cluster(new KubeSettings(kubeconfig, Duration.ofSeconds(1), 0))) {
                assertThatThrownBy(down::nodes)
                        .isInstanceOfSatisfying(KubeException.class, e -> {
                            assertThat(e.httpCode()).isZero();
                            assertThat(e.target()).isEqualTo("Nodes");
                            assertThat(e.seen()).startsWith("no answer");
                            assertThat(e.hint()).contains("kubeconfig server address");
                        });
            }
        }

        @Test
        void refusesAMissingKubeconfigNamingTheFile() {
            Path missing = tmp.resolve("nope.yaml");
            assertThatThrownBy(() -> new Fabric8Cluster(new KubeSettings(missing, Duration.ofSeconds(1), 0)))
                    .isInstanceOf(KubeException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("hint:");
        }
    }

    @Nested
    class Nodes {

        @BeforeEach
        void seedNodes() {
            node("titan-01", "True", true);
            node("titan-04", "True", false);
            node("titan-05", "False", false);
        }

        @Test
        void listsNodesWithReadinessSchedulingAndControlPlaneRole() {
            assertThat(cluster.nodes()).containsExactlyInAnyOrder(
                    new NodeState("titan-01", true, false, true),
                    new NodeState("titan-04", true, false, false),
                    new NodeState("titan-05", false, false, false));
        }

        @Test
        void cordonMarksTheNodeUnschedulableAndIsIdempotent() {
            cluster.cordon("titan-04");
            cluster.cordon("titan-04");

            assertThat(admin.nodes().withName("titan-04").get().getSpec().getUnschedulable()).isTrue();
            assertThat(cluster.nodes()).contains(new NodeState("titan-04", true, true, false));
        }

        @Test
        void uncordonMakesTheNodeSchedulableAgainAndIsIdempotent() {
            cluster.cordon("titan-04");

            cluster.uncordon("titan-04");
            cluster.uncordon("titan-04");

            assertThat(admin.nodes().withName("titan-04").get().getSpec().getUnschedulable()).isNotEqualTo(true);
            assertThat(cluster.nodes()).contains(new NodeState("titan-04", true, false, false));
        }

        @Test
        void cordonOfAnUnknownNodeNamesTheNode() {
            assertThatThrownBy(() -> cluster.cordon("titan-99"))
                    .isInstanceOfSatisfying(KubeException.class, e -> {
                        assertThat(e.target()).isEqualTo("Node titan-99");
                        assertThat(e.httpCode()).isEqualTo(404);
                    });
        }

        @Test
        void forbiddenCordonGivesAKubeExceptionWithAnRbacHint() {
            api.server().expect().patch().withPath("/api/v1/nodes/titan-04")
                    .andReturn(403, status(403, "Forbidden",
                            "nodes \"titan-04\" is forbidden: User \"hecate\" cannot patch resource \"nodes\""))
                    .always();

            assertThatThrownBy(() -> cluster.cordon("titan-04"))
                    .isInstanceOfSatisfying(KubeException.class, e -> {
                        assertThat(e.httpCode()).isEqualTo(403);
                        assertThat(e.target()).isEqualTo("Node titan-04");
                        assertThat(e.seen()).contains("HTTP 403").contains("cannot patch resource");
                        assertThat(e.hint()).contains("RBAC");
                    })
                    .hasMessageStartingWith("Node titan-04: cannot cordon");
        }

        @Test
        void rejectedCredentialsGiveAKubeExceptionWithACredentialsHint() {
            api.server().expect().get().withPath("/api/v1/nodes")
                    .andReturn(401, status(401, "Unauthorized", "Unauthorized")).always();

            assertThatThrownBy(cluster::nodes)
                    .isInstanceOfSatisfying(KubeException.class, e -> {
                        assertThat(e.httpCode()).isEqualTo(401);
                        assertThat(e.hint()).contains("credentials");
                    });
        }
    }

    @Nested
    class Drain {

        static final String EVICTION = "/api/v1/namespaces/%s/pods/%s/eviction";

        @BeforeEach
        void seedPods() {
            node("titan-04", "True", false);
            pod("apps", "web-1", "titan-04").done();
            pod("apps", "db-0", "titan-04").done();
            pod("kube-system", "svclb-1", "titan-04").daemonSet().done();
            pod("kube-system", "static-1", "titan-04").mirror().done();
            pod("apps", "web-2", "titan-05").done();
        }

        @Test
        void cordonsAndEvictsOnlyPodsOnTheNodeSkippingDaemonSetAndMirrorPods() throws InterruptedException {
            evictionAnswers("apps", "web-1", 201);
            evictionAnswers("apps", "db-0", 201);

            DrainResult result = cluster.drain("titan-04", Duration.ofSeconds(5));

            assertThat(result.node()).isEqualTo("titan-04");
            assertThat(result.evicted()).containsExactlyInAnyOrder("apps/web-1", "apps/db-0");
            assertThat(result.complete()).isTrue();
            assertThat(admin.nodes().withName("titan-04").get().getSpec().getUnschedulable()).isTrue();
            assertThat(api.requests()).filteredOn(request -> request.endsWith("/eviction"))
                    .containsExactlyInAnyOrder(
                            "POST " + EVICTION.formatted("apps", "web-1"),
                            "POST " + EVICTION.formatted("apps", "db-0"));
        }

        @Test
        void retriesEvictionRefusedByADisruptionBudgetUntilItIsAllowed() {
            evictionAnswers("apps", "web-1", 201);
            api.server().expect().post().withPath(EVICTION.formatted("apps", "db-0"))
                    .andReturn(429, tooManyRequests()).times(2);
            evictionAnswers("apps", "db-0", 201);

            DrainResult result = cluster.drain("titan-04", Duration.ofSeconds(10));

            assertThat(result.evicted()).containsExactlyInAnyOrder("apps/web-1", "apps/db-0");
            assertThat(result.failed()).isEmpty();
            assertThat(result.timedOut()).isFalse();
        }

        @Test
        void reportsAPodStillRefusedAtTheTimeoutAsFailedAndTimedOutWithoutThrowing() throws InterruptedException {
            evictionAnswers("apps", "web-1", 201);
            api.server().expect().post().withPath(EVICTION.formatted("apps", "db-0"))
                    .andReturn(429, tooManyRequests()).always();
            Duration timeout = Duration.ofMillis(1200);

            long start = System.nanoTime();
            DrainResult result = cluster.drain("titan-04", timeout);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.timedOut()).isTrue();
            assertThat(result.evicted()).containsExactly("apps/web-1");
            assertThat(result.failed()).singleElement(STRING)
                    .startsWith("apps/db-0: ").contains("429");
            assertThat(took).isBetween(timeout, timeout.plusSeconds(3));
            assertThat(api.requests())
                    .filteredOn(request -> request.endsWith(EVICTION.formatted("apps", "db-0")))
                    .hasSizeGreaterThan(1);
        }

        @Test
        void reportsOtherEvictionErrorsAsFailedWithoutRetrying() {
            evictionAnswers("apps", "web-1", 201);
            api.server().expect().post().withPath(EVICTION.formatted("apps", "db-0"))
                    .andReturn(500, status(500, "InternalError", "etcd leader changed")).always();

            DrainResult result = cluster.drain("titan-04", Duration.ofSeconds(5));

            assertThat(result.timedOut()).isFalse();
            assertThat(result.evicted()).containsExactly("apps/web-1");
            assertThat(result.failed()).containsExactly("apps/db-0: HTTP 500 etcd leader changed");
        }

        @Test
        void countsAPodThatVanishedBeforeItsEvictionAsEvicted() {
            evictionAnswers("apps", "web-1", 201);
            api.server().expect().post().withPath(EVICTION.formatted("apps", "db-0"))
                    .andReturn(404, status(404, "NotFound", "pods \"db-0\" not found")).always();

            DrainResult result = cluster.drain("titan-04", Duration.ofSeconds(5));

            assertThat(result.evicted()).containsExactlyInAnyOrder("apps/web-1", "apps/db-0");
            assertThat(result.complete()).isTrue();
        }

        private void evictionAnswers(String namespace, String pod, int code) {
            api.server().expect().post().withPath(EVICTION.formatted(namespace, pod))
                    .andReturn(code, new StatusBuilder().withStatus("Success").withCode(code).build()).always();
        }

        private Status tooManyRequests() {
            return status(429, "TooManyRequests",
                    "Cannot evict pod as it would violate the pod's disruption budget.");
        }
    }

    @Nested
    class Workloads {

        @Test
        void scalesADeployment() {
            admin.apps().deployments().inNamespace("gitea").resource(new DeploymentBuilder()
                    .withNewMetadata().withName("gitea").endMetadata()
                    .withNewSpec().withReplicas(1).endSpec().build()).create();

            cluster.scale("gitea", "Deployment", "gitea", 0);

            assertThat(admin.apps().deployments().inNamespace("gitea").withName("gitea").get()
                    .getSpec().getReplicas()).isZero();
        }

        @Test
        void scalesAStatefulSet() {
            admin.apps().statefulSets().inNamespace("vault").resource(new StatefulSetBuilder()
                    .withNewMetadata().withName("vault").endMetadata()
                    .withNewSpec().withReplicas(0).endSpec().build()).create();

            cluster.scale("vault", "StatefulSet", "vault", 3);

            assertThat(admin.apps().statefulSets().inNamespace("vault").withName("vault").get()
                    .getSpec().getReplicas()).isEqualTo(3);
        }

        @Test
        void scalingAMissingDeploymentNamesIt() {
            assertThatThrownBy(() -> cluster.scale("gitea", "Deployment", "nope", 1))
                    .isInstanceOfSatisfying(KubeException.class, e -> {
                        assertThat(e.target()).isEqualTo("Deployment gitea/nope");
                        assertThat(e.httpCode()).isEqualTo(404);
                    });
        }

        @Test
        void refusesToScaleAnUnsupportedKind() {
            assertThatThrownBy(() -> cluster.scale("apps", "DaemonSet", "agent", 1))
                    .isInstanceOf(KubeException.class)
                    .hasMessageContaining("DaemonSet apps/agent")
                    .hasMessageContaining("Deployment or StatefulSet");
        }

        @Test
        void deploymentIsReadyWhenAllReplicasAreReadyAndObserved() {
            deployment("ready", 2, 2, true);

            assertThat(cluster.deploymentReady("apps", "ready")).isTrue();
        }

        @Test
        void deploymentIsNotReadyWithTooFewReadyReplicas() {
            deployment("starting", 2, 1, true);

            assertThat(cluster.deploymentReady("apps", "starting")).isFalse();
        }

        @Test
        void deploymentIsNotReadyBeforeTheControllerObservedItsGeneration() {
            deployment("rolling", 1, 1, false);

            assertThat(cluster.deploymentReady("apps", "rolling")).isFalse();
        }

        @Test
        void deploymentScaledToZeroIsNotReady() {
            deployment("stopped", 0, 0, true);

            assertThat(cluster.deploymentReady("apps", "stopped")).isFalse();
        }

        @Test
        void missingDeploymentIsNotReady() {
            assertThat(cluster.deploymentReady("apps", "absent")).isFalse();
        }

        private void deployment(String name, int replicas, int ready, boolean observed) {
            Deployment created = admin.apps().deployments().inNamespace("apps").resource(new DeploymentBuilder()
                    .withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().withReplicas(replicas).endSpec()
                    .build()).create();
            // The server owns metadata.generation: set the status relative to the one it assigned.
            long generation = created.getMetadata().getGeneration();
            admin.apps().deployments().inNamespace("apps").resource(new DeploymentBuilder(created)
                    .withNewStatus().withReadyReplicas(ready)
                    .withObservedGeneration(observed ? generation : generation - 1).endStatus()
                    .build()).updateStatus();
        }
    }

    @Nested
    class StorageAndSecrets {

        @Test
        void listsClaimsWithTheirPhasesInOneOrAllNamespaces() {
            claim("vault", "data-vault-0", "Bound");
            claim("gitea", "gitea-data", "Pending");

            assertThat(cluster.pvcs("vault")).containsExactly(new PvcState("vault", "data-vault-0", "Bound"));
            assertThat(cluster.pvcs(null)).containsExactlyInAnyOrder(
                    new PvcState("vault", "data-vault-0", "Bound"),
                    new PvcState("gitea", "gitea-data", "Pending"));
        }

        @Test
        void readsASecretWithDecodedValues() {
            admin.secrets().inNamespace("vault").resource(new SecretBuilder()
                    .withNewMetadata().withName("unseal").endMetadata()
                    .addToData("key", Base64.getEncoder().encodeToString("s3cr3t\n".getBytes(StandardCharsets.UTF_8)))
                    .build()).create();

            assertThat(cluster.readSecret("vault", "unseal")).containsExactly(Map.entry("key", "s3cr3t\n"));
        }

        @Test
        void readingAMissingSecretNamesIt() {
            assertThatThrownBy(() -> cluster.readSecret("vault", "gone"))
                    .isInstanceOfSatisfying(KubeException.class, e -> {
                        assertThat(e.target()).isEqualTo("Secret vault/gone");
                        assertThat(e.httpCode()).isEqualTo(404);
                    });
        }

        private void claim(String namespace, String name, String phase) {
            admin.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(name).endMetadata()
                    .withNewStatus().withPhase(phase).endStatus().build()).create();
        }
    }

    @Nested
    class Longhorn {

        @Test
        void listsVolumesWithTheirPvcStateAndRobustness() {
            volume("pvc-0a1b", "vault", "data-vault-0", "attached", "healthy");
            volume("pvc-2c3d", "gitea", "gitea-data", "attached", "degraded");
            volume("pvc-4e5f", "", "", "detached", "unknown");

            List<LonghornVolume> volumes = cluster.longhornVolumes();

            assertThat(volumes).containsExactlyInAnyOrder(
                    new LonghornVolume("pvc-0a1b", "vault", "data-vault-0", "attached", "healthy"),
                    new LonghornVolume("pvc-2c3d", "gitea", "gitea-data", "attached", "degraded"),
                    new LonghornVolume("pvc-4e5f", "", "", "detached", "unknown"));
            assertThat(volumes).filteredOn(LonghornVolume::healthy).extracting(LonghornVolume::pvc)
                    .containsExactly("vault/data-vault-0");
            assertThat(volumes).filteredOn(volume -> volume.pvc() == null).extracting(LonghornVolume::name)
                    .containsExactly("pvc-4e5f");
            assertThat(volumes).filteredOn(LonghornVolume::detachedWithUnknownHealth).extracting(LonghornVolume::name)
                    .containsExactly("pvc-4e5f");
        }

        @Test
        void answersNoVolumesWhenLonghornIsNotInstalled() {
            api.uninstallLonghorn();

            assertThat(cluster.longhornVolumes()).isEmpty();
        }

        @Test
        void aForbiddenListIsAnErrorNotAnEmptyAnswer() {
            api.server().expect().get().withPath("/apis/longhorn.io/v1beta2/volumes")
                    .andReturn(403, status(403, "Forbidden", "volumes.longhorn.io is forbidden")).always();

            assertThatThrownBy(cluster::longhornVolumes)
                    .isInstanceOfSatisfying(KubeException.class, e -> {
                        assertThat(e.httpCode()).isEqualTo(403);
                        assertThat(e.target()).isEqualTo("Longhorn volumes in all namespaces");
                        assertThat(e.hint()).contains("RBAC");
                    });
        }

        private void volume(String name, String pvcNamespace, String pvcName, String state, String robustness) {
            GenericKubernetesResource volume = admin.getKubernetesSerialization().unmarshal("""
                    apiVersion: longhorn.io/v1beta2
                    kind: Volume
                    metadata: {name: %s, namespace: longhorn-system}
                    spec: {numberOfReplicas: 3, frontend: blockdev}
                    status:
                      state: %s
                      robustness: %s
                      kubernetesStatus: {namespace: "%s", pvcName: "%s", pvStatus: Bound}
                    """.formatted(name, state, robustness, pvcNamespace, pvcName), GenericKubernetesResource.class);
            admin.genericKubernetesResources(Fabric8Cluster.LONGHORN_VOLUMES).inNamespace("longhorn-system")
                    .resource(volume).create();
        }
    }

    @Nested
    class Flux {

        static final FluxRef APPS = new FluxRef(FluxKind.KUSTOMIZATION, "flux-system", "apps");
        static final FluxRef GITEA = new FluxRef(FluxKind.HELM_RELEASE, "gitea", "gitea");
        static final FluxRef SOURCE = new FluxRef(FluxKind.GIT_REPOSITORY, "flux-system", "flux-system");

        @BeforeEach
        void seedFluxObjects() {
            flux(FluxKind.KUSTOMIZATION, """
                    apiVersion: kustomize.toolkit.fluxcd.io/v1
                    kind: Kustomization
                    metadata: {name: apps, namespace: flux-system}
                    spec: {interval: 10m, path: ./apps, prune: true}
                    status:
                      conditions:
                      - {type: Reconciling, status: "False", reason: Done, message: ""}
                      - {type: Ready, status: "True", reason: ReconciliationSucceeded, message: "Applied revision: main@sha1:abc"}
                    """);
            flux(FluxKind.HELM_RELEASE, """
                    apiVersion: helm.toolkit.fluxcd.io/v2
                    kind: HelmRelease
                    metadata: {name: gitea, namespace: gitea}
                    spec: {suspend: true, interval: 5m}
                    status:
                      conditions:
                      - {type: Ready, status: "False", reason: InstallFailed, message: "timed out waiting"}
                    """);
            flux(FluxKind.GIT_REPOSITORY, """
                    apiVersion: source.toolkit.fluxcd.io/v1
                    kind: GitRepository
                    metadata: {name: flux-system, namespace: flux-system}
                    spec:
                      url: ssh://git@gitea/titan/fleet
                      ref: {tag: v1.2.0}
                    """);
        }

        @Test
        void listsObjectsOfAKindInAllNamespacesWithSuspensionAndReadiness() {
            assertThat(cluster.fluxObjects(FluxKind.KUSTOMIZATION)).containsExactly(new FluxObject(APPS, false,
                    new FluxReadiness(true, "ReconciliationSucceeded", "Applied revision: main@sha1:abc")));
            assertThat(cluster.fluxObjects(FluxKind.HELM_RELEASE)).containsExactly(new FluxObject(GITEA, true,
                    new FluxReadiness(false, "InstallFailed", "timed out waiting")));
        }

        @Test
        void suspendsAndResumes() {
            cluster.setSuspended(APPS, true);
            assertThat(suspend(APPS)).isEqualTo(true);

            cluster.setSuspended(APPS, false);
            assertThat(suspend(APPS)).isEqualTo(false);
            assertThat(cluster.fluxObjects(FluxKind.KUSTOMIZATION)).singleElement()
                    .extracting(FluxObject::suspended).isEqualTo(false);
        }

        @Test
        void requestsReconcileWithTheCurrentTimeAsAnnotation() {
            Instant before = Instant.now();

            cluster.requestReconcile(GITEA);

            String requestedAt = get(GITEA).getMetadata().getAnnotations().get("reconcile.fluxcd.io/requestedAt");
            assertThat(Instant.parse(requestedAt)).isBetween(before, Instant.now());
        }

        @Test
        void readsReadinessFromTheReadyCondition() {
            assertThat(cluster.fluxReadiness(APPS)).isEqualTo(
                    new FluxReadiness(true, "ReconciliationSucceeded", "Applied revision: main@sha1:abc"));
            assertThat(cluster.fluxReadiness(GITEA).ready()).isFalse();
        }

        @Test
        void isNotReadyBeforeAnyReadyConditionIsReported() {
            assertThat(cluster.fluxReadiness(SOURCE)).extracting(FluxReadiness::ready, FluxReadiness::reason)
                    .containsExactly(false, "NoReadyCondition");
        }

        @Test
        void setsTheGitRepositoryBranchAndDropsTheTagThatWouldWin() {
            cluster.setGitRepositoryBranch("flux-system", "flux-system", "recovery");

            // The real API server drops null members of a merge patch; the mock server stores them as null.
            Map<String, Object> ref = get(SOURCE).get("spec", "ref");
            assertThat(ref).containsEntry("branch", "recovery");
            assertThat(ref.get("tag")).isNull();
            assertThat(get(SOURCE).<String>get("spec", "url")).isEqualTo("ssh://git@gitea/titan/fleet");
        }

        @Test
        void aMissingObjectNamesItSaysWhatWasSeenAndHints() {
            FluxRef missing = new FluxRef(FluxKind.KUSTOMIZATION, "flux-system", "missing");

            assertThatThrownBy(() -> cluster.setSuspended(missing, true))
                    .isInstanceOfSatisfying(KubeException.class, e -> {
                        assertThat(e.target()).isEqualTo("Kustomization flux-system/missing");
                        assertThat(e.seen()).startsWith("HTTP 404");
                        assertThat(e.hint()).isNotBlank();
                    });
            assertThatThrownBy(() -> cluster.fluxReadiness(missing))
                    .isInstanceOf(KubeException.class)
                    .hasMessageStartingWith("Kustomization flux-system/missing: not found");
        }

        private void flux(FluxKind kind, String yaml) {
            GenericKubernetesResource object =
                    admin.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
            admin.genericKubernetesResources(context(kind)).inNamespace(object.getMetadata().getNamespace())
                    .resource(object).create();
        }

        private GenericKubernetesResource get(FluxRef ref) {
            return admin.genericKubernetesResources(context(ref.kind())).inNamespace(ref.namespace())
                    .withName(ref.name()).get();
        }

        private Object suspend(FluxRef ref) {
            return get(ref).get("spec", "suspend");
        }

        private ResourceDefinitionContext context(FluxKind kind) {
            return new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(kind.version())
                    .withKind(kind.kind()).withPlural(kind.plural()).withNamespaced(true).build();
        }
    }

    @Nested
    class Manifests {

        @Test
        void createsOnTheFirstRunAndReplacesOnTheSecondInFileNameOrder() throws IOException {
            Path dir = Files.createDirectories(tmp.resolve("bootstrap"));
            Files.writeString(dir.resolve("20-config.yml"), configMap("v1"));
            Files.writeString(dir.resolve("10-namespace.yaml"), """
                    apiVersion: v1
                    kind: Namespace
                    metadata:
                      name: flux-system
                    ---
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata:
                      name: kustomize-controller
                      namespace: flux-system
                    """);
            Files.writeString(dir.resolve("README.md"), "not a manifest");

            assertThat(cluster.applyManifests(dir)).containsExactly(
                    "Namespace flux-system created",
                    "ServiceAccount flux-system/kustomize-controller created",
                    "ConfigMap flux-system/bootstrap created");

            Files.writeString(dir.resolve("20-config.yml"), configMap("v2"));
            assertThat(cluster.applyManifests(dir)).containsExactly(
                    "Namespace flux-system replaced",
                    "ServiceAccount flux-system/kustomize-controller replaced",
                    "ConfigMap flux-system/bootstrap replaced");
            ConfigMap stored = admin.configMaps().inNamespace("flux-system").withName("bootstrap").get();
            assertThat(stored.getData()).containsEntry("revision", "v2");
        }

        @Test
        void appliesFluxObjectsKnownOnlyThroughApiDiscovery() throws IOException {
            Path dir = Files.createDirectories(tmp.resolve("flux"));
            Files.writeString(dir.resolve("sync.yaml"), """
                    apiVersion: kustomize.toolkit.fluxcd.io/v1
                    kind: Kustomization
                    metadata:
                      name: flux-system
                      namespace: flux-system
                    spec:
                      interval: 10m
                      path: ./clusters/titan
                    """);

            assertThat(cluster.applyManifests(dir)).containsExactly("Kustomization flux-system/flux-system created");
            assertThat(cluster.fluxObjects(FluxKind.KUSTOMIZATION)).extracting(FluxObject::ref)
                    .containsExactly(new FluxRef(FluxKind.KUSTOMIZATION, "flux-system", "flux-system"));
        }

        @Test
        void aBrokenFileIsNamedAndNothingIsApplied() throws IOException {
            Path dir = Files.createDirectories(tmp.resolve("broken"));
            Files.writeString(dir.resolve("10-config.yaml"), configMap("v1"));
            Files.writeString(dir.resolve("20-broken.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n");

            assertThatThrownBy(() -> cluster.applyManifests(dir))
                    .isInstanceOfSatisfying(KubeException.class,
                            e -> assertThat(e.target()).isEqualTo(dir.resolve("20-broken.yaml").toString()))
                    .hasMessageContaining("cannot parse manifest");
            assertThat(admin.configMaps().inNamespace("flux-system").withName("bootstrap").get()).isNull();
        }

        @Test
        void aMissingDirectoryIsNamed() {
            Path dir = tmp.resolve("absent");

            assertThatThrownBy(() -> cluster.applyManifests(dir))
                    .isInstanceOf(KubeException.class)
                    .hasMessageStartingWith(dir + ": ");
        }

        private static String configMap(String revision) {
            return """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: bootstrap
                      namespace: flux-system
                    data:
                      revision: %s
                    """.formatted(revision);
        }
    }

    private void node(String name, String ready, boolean controlPlane) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).endMetadata();
        if (controlPlane) {
            node.editMetadata().addToLabels("node-role.kubernetes.io/control-plane", "true").endMetadata();
        }
        admin.nodes().resource(node.withNewStatus().addNewCondition().withType("Ready").withStatus(ready)
                .endCondition().endStatus().build()).create();
    }

    private PodSeed pod(String namespace, String name, String node) {
        return new PodSeed(new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withNodeName(node).endSpec());
    }

    private final class PodSeed {

        private final PodBuilder pod;

        PodSeed(PodBuilder pod) {
            this.pod = pod;
        }

        PodSeed daemonSet() {
            pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet")
                    .withName("svclb").withUid("uid-svclb").withController(true).endOwnerReference().endMetadata();
            return this;
        }

        PodSeed mirror() {
            pod.editMetadata().addToAnnotations("kubernetes.io/config.mirror", "hash").endMetadata();
            return this;
        }

        void done() {
            Pod built = pod.build();
            admin.pods().inNamespace(built.getMetadata().getNamespace()).resource(built).create();
        }
    }

    private static Status status(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message)
                .build();
    }
}
