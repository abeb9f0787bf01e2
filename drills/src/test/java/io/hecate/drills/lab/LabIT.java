package io.hecate.drills.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hecate.connectors.kube.DrainResult;
import io.hecate.connectors.kube.Fabric8Cluster;
import io.hecate.connectors.kube.KubeSettings;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class LabIT {

    private static SshClient ssh;

    @TempDir
    Path workDir;
    private Lab lab;

    record Result(int exit, String stdout, String stderr) {
    }

    @BeforeAll
    static void startClient() {
        ssh = SshClient.setUpDefaultClient();
        ssh.start();
    }

    @AfterAll
    static void stopClient() throws IOException {
        ssh.stop();
    }

    @AfterEach
    void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    private Lab startLab() {
        lab = Lab.start(LabSpec.defaults(workDir));
        return lab;
    }

    /** Runs a command the way Hecate will: key from the written identity file, host checked in known_hosts. */
    private Result run(String node, String command) throws Exception {
        return run(node, command, Duration.ofSeconds(10));
    }

    private Result run(String node, String command, Duration timeout) throws Exception {
        ssh.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE,
                lab.knownHostsFile()));
        int port = lab.node(node).sshPort();
        try (ClientSession session = ssh.connect("root", "127.0.0.1", port).verify(Duration.ofSeconds(5))
                .getSession()) {
            SecurityUtils.loadKeyPairIdentities(session, null, Files.newInputStream(lab.identityFile()), null)
                    .forEach(session::addPublicKeyIdentity);
            session.auth().verify(Duration.ofSeconds(5));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ClientChannel channel = session.createExecChannel(command)) {
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(Duration.ofSeconds(5));
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
                Integer exit = channel.getExitStatus();
                return new Result(exit == null ? -1 : exit, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private KubernetesClient clientFromKubeconfig() throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(lab.kubeconfigFile()));
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(config).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(1_000).withRequestTimeout(2_000).build()).build();
    }

    private String nodeReady(String name) {
        Node node = lab.kube().nodes().withName(name).get();
        return node.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst()
                .orElseThrow().getStatus();
    }

    @Test
    void writesAConfigAnOperatorCanReadWithoutYamlAnchorsOrAliases() throws IOException {
        startLab();
        lab.configure("startup.probe_retries", 3);

        String config = Files.readString(lab.configFile());

        // the lab shares one empty list between several keys: SnakeYAML would write "&id001 []" and "*id001"
        assertThat(config.lines()).noneMatch(line -> line.matches(".*[&*]id\\d+.*"))
                .anyMatch(line -> line.strip().equals("post_start_probes: []"))
                .anyMatch(line -> line.strip().equals("critical_pvcs:"));
    }

    @Nested
    class Nodes {

        @Test
        void stoppingTheAgentMakesTheNodeNotReadyWithinASecond() throws Exception {
            startLab();
            assertThat(nodeReady("titan-05")).isEqualTo("True");

            Result stop = run("titan-05", "sudo -n systemctl stop k3s-agent");
            Instant stopped = Instant.now();

            assertThat(stop.exit()).isZero();
            assertThat(run("titan-05", "systemctl is-active k3s-agent")).isEqualTo(new Result(3, "inactive\n", ""));
            await().atMost(Duration.ofSeconds(1)).until(() -> !nodeReady("titan-05").equals("True"));
            System.out.println("lab: titan-05 NotReady " + Duration.between(stopped, Instant.now()).toMillis()
                    + " ms after k3s-agent stopped");
            assertThat(lab.events()).extracting(LabEvent::node, LabEvent::what)
                    .contains(org.assertj.core.groups.Tuple.tuple("titan-05", "k3s-agent stopped"));
        }

        @Test
        void answersTheWrongUnitAndUnknownCommandsLikeARealHost() throws Exception {
            startLab();

            assertThat(run("titan-04", "systemctl stop k3s"))
                    .isEqualTo(new Result(5, "", "Failed to stop k3s.service: Unit k3s.service not found.\n"));
            assertThat(run("titan-0a", "systemctl is-active k3s")).isEqualTo(new Result(0, "active\n", ""));
            assertThat(run("titan-0a", "rm -rf /")).isEqualTo(new Result(127, "", "bash: rm: command not found\n"));
        }

        @Test
        void reportsClockSynchronisationThroughChronyAndTimedatectl() throws Exception {
            startLab();
            assertThat(run("titan-0b", "chronyc -n tracking").stdout()).contains("Leap status     : Normal");

            lab.faults().clockUnsynchronised("titan-0b", true);

            assertThat(run("titan-0b", "chronyc -n tracking").stdout())
                    .contains("Leap status     : Not synchronised");
            assertThat(run("titan-0b", "timedatectl show -p NTPSynchronized --value").stdout()).isEqualTo("no\n");
            assertThat(run("titan-0a", "timedatectl show -p NTPSynchronized --value").stdout()).isEqualTo("yes\n");
        }

        @Test
        void poweroffMakesSshRefuseAndPowerOnAllBringsItBackWithVaultSealed() throws Exception {
            startLab();
            assertThat(lab.vault().unsealedCount()).isEqualTo(3);

            assertThat(run("titan-04", "poweroff").exit()).isZero();
            await().atMost(Duration.ofSeconds(2)).until(() -> !lab.node("titan-04").poweredOn());

            assertThatThrownBy(() -> run("titan-04", "true")).hasRootCauseInstanceOf(ConnectException.class);
            await().atMost(Duration.ofSeconds(1)).until(() -> !nodeReady("titan-04").equals("True"));
            assertThat(lab.vault().podNodes().get(0)).isEqualTo("titan-04");
            assertThat(lab.vault().sealed(0)).isTrue();

            lab.powerOnAll();

            assertThat(run("titan-04", "systemctl is-active k3s-agent").stdout()).isEqualTo("inactive\n");
            assertThat(lab.vault().sealed()).isTrue();
            assertThat(lab.events()).extracting(LabEvent::what).contains("powered off", "powered on");
        }

        @Test
        void poweroffWhileAK3sStopIsPendingPowersTheNodeOff() throws Exception {
            lab = Lab.start(LabSpec.defaults(workDir).withStopDelay(Duration.ofSeconds(5)));
            CompletableFuture<Result> stop = CompletableFuture.supplyAsync(() -> {
                try {
                    return run("titan-04", "systemctl stop k3s-agent", Duration.ofSeconds(20));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> lab.events().stream()
                    .anyMatch(e -> e.node().equals("titan-04") && e.what().equals("ran: systemctl stop k3s-agent")));

            assertThat(run("titan-04", "systemctl poweroff").exit()).isZero();

            await().atMost(Duration.ofSeconds(2)).until(() -> !lab.node("titan-04").poweredOn());
            assertThat(stop.get(5, TimeUnit.SECONDS).exit()).as("the stop's connection dropped with the power").isEqualTo(-1);
            assertThat(lab.node("titan-04").k3sActive()).isFalse();
        }

        @Test
        void k3sStopHangsWhileOtherCommandsAnswer() throws Exception {
            startLab();
            lab.faults().k3sStopHangs("titan-0b", true);

            assertThat(run("titan-0b", "systemctl stop k3s", Duration.ofSeconds(1)).exit()).isEqualTo(-1);
            assertThat(lab.node("titan-0b").k3sActive()).isTrue();
            assertThat(run("titan-0b", "systemctl poweroff").exit()).isZero();
            await().atMost(Duration.ofSeconds(2)).until(() -> !lab.node("titan-0b").poweredOn());
        }

        @Test
        void sshFaultsRefuseOrHang() throws Exception {
            startLab();

            lab.faults().nodeUnreachable("titan-06", true);
            assertThatThrownBy(() -> run("titan-06", "true")).hasRootCauseInstanceOf(ConnectException.class);
            lab.faults().nodeUnreachable("titan-06", false);
            assertThat(run("titan-06", "systemctl is-active k3s-agent").exit()).isZero();

            lab.faults().sshHang("titan-07", true);
            long started = System.nanoTime();
            Result hung = run("titan-07", "systemctl stop k3s-agent", Duration.ofSeconds(1));
            assertThat(hung.exit()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(lab.node("titan-07").k3sActive()).isTrue();
        }
    }

    @Nested
    class KubernetesApi {

        @Test
        void losingServerQuorumTakesTheApiDownAndStartingK3sBringsItBack() throws Exception {
            startLab();
            try (KubernetesClient kube = clientFromKubeconfig()) {
                assertThat(kube.nodes().list().getItems()).hasSize(8);

                run("titan-0a", "systemctl stop k3s");
                assertThat(kube.nodes().list().getItems()).hasSize(8);
                run("titan-0b", "systemctl stop k3s");

                assertThatThrownBy(() -> kube.nodes().list()).isInstanceOf(KubernetesClientException.class);
                assertThat(lab.apiUp()).isFalse();

                run("titan-0a", "systemctl start k3s");

                await().atMost(Duration.ofSeconds(2)).ignoreExceptions()
                        .until(() -> kube.nodes().list().getItems().size() == 8);
                await().atMost(Duration.ofSeconds(1)).until(() -> nodeReady("titan-0a").equals("True")
                        && !nodeReady("titan-0b").equals("True"));
            }
        }

        @Test
        void seedsTitansObjects() {
            startLab();
            KubernetesClient kube = lab.kube();

            assertThat(kube.nodes().withLabel(LabCluster.CONTROL_PLANE_LABEL, "true").list().getItems())
                    .extracting(n -> n.getMetadata().getName())
                    .containsExactlyInAnyOrder("titan-0a", "titan-0b", "titan-0c"); // the seed creates in parallel
            assertThat(kube.pods().inNamespace("vault").list().getItems()).hasSize(3)
                    .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isIn(lab.workers()));
            assertThat(kube.persistentVolumeClaims().inNamespace("apps").withName("data").get().getStatus()
                    .getPhase()).isEqualTo("Bound");
            assertThat(kube.apps().deployments().inNamespace("gitea").withName("gitea").get().getStatus()
                    .getReadyReplicas()).isEqualTo(1);
            GenericKubernetesResource repo = kube.genericKubernetesResources("source.toolkit.fluxcd.io/v1",
                    "GitRepository").inNamespace("flux-system").withName("flux-system").get();
            assertThat(LabCluster.readyStatus(repo)).isEqualTo("True");
        }

        @Test
        void deploymentsFollowTheReadyWorkers() throws Exception {
            startLab();
            for (String worker : lab.workers()) {
                run(worker, "systemctl stop k3s-agent");
            }
            await().atMost(Duration.ofSeconds(1)).until(() -> lab.kube().apps().deployments().inNamespace("apps")
                    .withName("web").get().getStatus().getReadyReplicas() == 0);
            run("titan-08", "systemctl start k3s-agent");
            await().atMost(Duration.ofSeconds(1)).until(() -> lab.kube().apps().deployments().inNamespace("apps")
                    .withName("web").get().getStatus().getReadyReplicas() == 1);
        }

        @Test
        void drainEvictsPodsLikeARealApiServer() throws Exception {
            startLab();
            String worker = "titan-04";
            List<String> expected = podsOn(worker, false);
            assertThat(expected).isNotEmpty();

            DrainResult drained;
            try (Fabric8Cluster kube = new Fabric8Cluster(new KubeSettings(lab.kubeconfigFile(), Duration.ofSeconds(5), 1))) {
                drained = kube.drain(worker, Duration.ofSeconds(5));
            }

            assertThat(drained.failed()).isEmpty();
            assertThat(drained.evicted()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(podsOn(worker, false)).isEmpty();
            assertThat(podsOn(worker, true)).containsExactly("monitoring/" + LabCluster.DAEMONSET + "-" + worker);
            assertThat(lab.kube().nodes().withName(worker).get().getSpec().getUnschedulable()).isTrue();
            assertThat(lab.events()).extracting(LabEvent::what).contains("pod " + expected.get(0) + " evicted");
        }

        @Test
        void evictionOfAMissingPodIs404AndAProtectedPodIsRefusedWith429() throws Exception {
            startLab();
            String protectedPod = podsOn("titan-04", false).get(0);
            lab.faults().evictionRefused(protectedPod, true);
            try (KubernetesClient kube = clientFromKubeconfig()) {
                String[] id = protectedPod.split("/");
                assertThat(kube.pods().inNamespace(id[0]).withName(id[1]).evict()).isFalse();
                assertThatThrownBy(() -> kube.pods().inNamespace("apps").withName("no-such-pod").evict())
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
            }
            DrainResult drained;
            try (Fabric8Cluster kube = new Fabric8Cluster(new KubeSettings(lab.kubeconfigFile(), Duration.ofSeconds(5), 1))) {
                drained = kube.drain("titan-04", Duration.ofSeconds(1));
            }
            assertThat(drained.timedOut()).isTrue();
            assertThat(drained.failed()).singleElement().asString().startsWith(protectedPod).contains("429");
            assertThat(podsOn("titan-04", false)).containsExactly(protectedPod);

            lab.faults().evictionRefused(protectedPod, false);
            try (KubernetesClient kube = clientFromKubeconfig()) {
                String[] id = protectedPod.split("/");
                assertThat(kube.pods().inNamespace(id[0]).withName(id[1]).evict()).isTrue();
            }
            assertThat(podsOn("titan-04", false)).isEmpty();
        }

        private List<String> podsOn(String node, boolean daemonSets) {
            return lab.kube().pods().inAnyNamespace().list().getItems().stream()
                    .filter(p -> node.equals(p.getSpec().getNodeName()))
                    .filter(p -> p.getMetadata().getName().startsWith(LabCluster.DAEMONSET) == daemonSets)
                    .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).sorted().toList();
        }

        @Test
        void stuckPvcStaysPendingUntilTheFaultClears() {
            startLab();
            lab.faults().pvcStuckPending("apps/data", true);
            await().atMost(Duration.ofSeconds(1)).until(() -> "Pending".equals(lab.kube().persistentVolumeClaims()
                    .inNamespace("apps").withName("data").get().getStatus().getPhase()));
            lab.faults().pvcStuckPending("apps/data", false);
            await().atMost(Duration.ofSeconds(1)).until(() -> "Bound".equals(lab.kube().persistentVolumeClaims()
                    .inNamespace("apps").withName("data").get().getStatus().getPhase()));
        }

        @Test
        void etcdRestoreClearsApiNeverReturns() throws Exception {
            startLab();
            Result saved = run("titan-0a", "k3s etcd-snapshot save --name pre-shutdown");
            assertThat(saved.exit()).isZero();
            String path = saved.stdout().lines().filter(l -> l.contains("Saving etcd snapshot to "))
                    .map(l -> l.substring(l.indexOf("/var/"))).findFirst().orElseThrow();
            assertThat(run("titan-0a", "ls -1t " + LabNode.SNAPSHOTS).stdout())
                    .isEqualTo(path.substring(LabNode.SNAPSHOTS.length() + 1) + "\n");

            lab.faults().apiNeverReturns(true);
            assertThat(lab.apiUp()).isFalse();
            for (String server : lab.controlPlanes()) {
                run(server, "systemctl stop k3s");
            }
            assertThat(run("titan-0a", "k3s server --cluster-reset --cluster-reset-restore-path=/nope").exit())
                    .isEqualTo(1);
            assertThat(run("titan-0a", "k3s server --cluster-reset --cluster-reset-restore-path=" + path).exit())
                    .isZero();
            run("titan-0a", "systemctl start k3s");
            assertThat(run("titan-0b", "systemctl start k3s").exit()).isEqualTo(1);
            run("titan-0b", "mv " + LabNode.DB + " " + LabNode.DB + ".old-1");
            assertThat(run("titan-0b", "systemctl start k3s").exit()).isZero();

            await().atMost(Duration.ofSeconds(1)).until(lab::apiUp);
            assertThat(lab.node("titan-0a").etcdRestored()).isTrue();
            assertThat(lab.events()).extracting(LabEvent::what)
                    .contains("etcd restored from " + path, "k3s started with a fresh db, rejoined the cluster");
        }
    }

    @Nested
    class Flux {

        private static final String REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";

        private void requestReconcile(String apiVersion, String kind, String namespace, String name, String at) {
            lab.kube().genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name)
                    .edit(r -> {
                        r.getMetadata().setAnnotations(Map.of(REQUESTED_AT, at));
                        return r;
                    });
        }

        private String ready(String apiVersion, String kind, String namespace, String name) {
            return LabCluster.readyStatus(lab.kube().genericKubernetesResources(apiVersion, kind)
                    .inNamespace(namespace).withName(name).get());
        }

        @Test
        void giteaDownLeavesTheGitRepositoryFailingUntilTheBootstrapManifestsAreApplied() throws Exception {
            startLab();
            lab.faults().giteaDown(true);

            requestReconcile("source.toolkit.fluxcd.io/v1", "GitRepository", "flux-system", "flux-system", "1");
            await().atMost(Duration.ofSeconds(2)).until(() -> "False".equals(
                    ready("source.toolkit.fluxcd.io/v1", "GitRepository", "flux-system", "flux-system")));
            requestReconcile("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "apps", "1");
            await().atMost(Duration.ofSeconds(2)).until(() -> "False".equals(
                    ready("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "apps")));

            try (KubernetesClient kube = clientFromKubeconfig(); var files = Files.list(lab.bootstrapDir())) {
                for (Path manifest : files.sorted().toList()) {
                    HasMetadata object = Serialization.unmarshal(Files.readString(manifest));
                    kube.resource(object).create();
                }
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> lab.kube().apps().deployments().inNamespace("gitea")
                    .withName("gitea").get().getStatus() != null);
            requestReconcile("source.toolkit.fluxcd.io/v1", "GitRepository", "flux-system", "flux-system", "2");
            await().atMost(Duration.ofSeconds(2)).until(() -> "True".equals(
                    ready("source.toolkit.fluxcd.io/v1", "GitRepository", "flux-system", "flux-system")));
            requestReconcile("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "apps", "2");
            await().atMost(Duration.ofSeconds(2)).until(() -> "True".equals(
                    ready("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "apps")));
        }
    }

    @Nested
    class Ups {

        private List<String> talk(String... lines) throws IOException {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), lab.ups().port());
                 PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
                 BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                         StandardCharsets.UTF_8))) {
                List<String> answers = new ArrayList<>();
                for (String line : lines) {
                    out.print(line + "\n");
                    out.flush();
                    String answer = in.readLine();
                    if (answer == null) {
                        throw new EOFException("upsd closed the connection");
                    }
                    answers.add(answer);
                    if (answer.startsWith("BEGIN ")) {
                        String end = "END " + answer.substring(6);
                        while (!(answer = in.readLine()).equals(end)) {
                            answers.add(answer);
                        }
                        answers.add(answer);
                    }
                }
                return answers;
            }
        }

        @Test
        void answersListVarAndUnknownUpsLikeUpsd() throws Exception {
            startLab();

            assertThat(talk("LIST VAR pyrphoros")).containsExactly("BEGIN LIST VAR pyrphoros",
                    "VAR pyrphoros battery.charge \"100\"", "VAR pyrphoros battery.runtime \"1800\"",
                    "VAR pyrphoros device.model \"Smart-UPS 1500\"", "VAR pyrphoros ups.delay.shutdown \"20\"",
                    "VAR pyrphoros ups.load \"23\"",
                    "VAR pyrphoros ups.status \"OL\"", "END LIST VAR pyrphoros");
            assertThat(talk("GET VAR other ups.status", "LIST VAR other", "GET VAR pyrphoros ups.nope"))
                    .containsExactly("ERR UNKNOWN-UPS", "ERR UNKNOWN-UPS", "ERR VAR-NOT-SUPPORTED");
        }

        @Test
        void statusFollowsTheControls() throws Exception {
            startLab();

            lab.ups().onBattery();
            assertThat(talk("GET VAR pyrphoros ups.status")).containsExactly("VAR pyrphoros ups.status \"OB DISCHRG\"");
            lab.ups().drainTo(40, 300);
            assertThat(talk("GET VAR pyrphoros battery.runtime")).containsExactly("VAR pyrphoros battery.runtime \"300\"");
            lab.ups().lowBattery();
            assertThat(talk("GET VAR pyrphoros ups.status")).containsExactly("VAR pyrphoros ups.status \"OB DISCHRG LB\"");
            lab.ups().driverLost(true);
            assertThat(talk("GET VAR pyrphoros ups.status")).containsExactly("ERR DRIVER-NOT-CONNECTED");
            lab.ups().driverLost(false);
            lab.ups().onMains();
            assertThat(talk("GET VAR pyrphoros ups.status")).containsExactly("VAR pyrphoros ups.status \"OL CHRG\"");
        }

        @Test
        void fsdNeedsCredentials() throws Exception {
            startLab();

            assertThat(talk("FSD pyrphoros")).containsExactly("ERR USERNAME-REQUIRED");
            assertThat(talk("USERNAME hecate", "PASSWORD wrong", "FSD pyrphoros"))
                    .containsExactly("OK", "OK", "ERR ACCESS-DENIED");
            assertThat(lab.ups().fsdReceived()).isFalse();
            assertThat(talk("USERNAME " + LabUps.USERNAME, "PASSWORD " + LabUps.PASSWORD, "LOGIN pyrphoros",
                    "FSD pyrphoros", "LOGOUT")).containsExactly("OK", "OK", "OK", "OK FSD-SET", "OK Goodbye");
            assertThat(lab.ups().fsdReceived()).isTrue();
        }

        @Test
        void unreachableCutsEveryConnection() throws Exception {
            startLab();
            lab.ups().unreachable(true);
            assertThatThrownBy(() -> talk("VER")).isInstanceOf(IOException.class);
            lab.ups().unreachable(false);
            assertThat(talk("VER")).containsExactly(LabUps.VERSION);
        }
    }

    @Nested
    class Vault {

        private final HttpClient http = HttpClient.newHttpClient();
        private final ObjectMapper json = new ObjectMapper();

        private HttpResponse<String> unseal(String address, String key) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(address + "/v1/sys/unseal"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Test
        void unsealsWithThreeKeysFromTheInitSecret() throws Exception {
            startLab();
            lab.powerOnAll();
            assertThat(lab.vault().sealed()).isTrue();
            String secret = new String(java.util.Base64.getDecoder().decode(lab.kube().secrets().inNamespace("vault")
                    .withName("vault-init").get().getData().get("vault-init.json")), StandardCharsets.UTF_8);
            JsonNode init = json.readTree(secret);
            assertThat(init.path("unseal_threshold").asInt()).isEqualTo(3);
            String address = lab.vault().addresses().get(0);

            HttpResponse<String> wrong = unseal(address, "bm90LWEta2V5");
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(json.readTree(wrong.body()).path("errors").get(0).asText()).startsWith("Error unsealing");

            for (int i = 0; i < 3; i++) {
                unseal(address, init.path("unseal_keys_b64").get(i).asText());
            }
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(address
                    + "/v1/sys/seal-status")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.readTree(status.body()).path("sealed").asBoolean()).isFalse();
            assertThat(lab.vault().unsealedCount()).isEqualTo(1);

            lab.faults().vaultSecretUnreadable(true);
            assertThat(lab.kube().secrets().inNamespace("vault").withName("vault-init").get()).isNull();
        }
    }

    @Nested
    class Files_ {

        @Test
        void writesAValidConfigWithEveryKeyOfTheExample() throws Exception {
            startLab();
            Map<String, Object> config = new Yaml().load(Files.readString(lab.configFile()));
            Map<String, Object> example = new Yaml().load(Files.readString(Path.of("..", "configs",
                    "hecate.example.yaml")));

            assertThat(keyPaths("", config)).isEqualTo(keyPaths("", example));
            assertThat(config.get("kubeconfig")).isEqualTo(lab.kubeconfigFile().toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> hosts = (Map<String, Object>) config.get("ssh_node_hosts");
            assertThat(hosts).containsEntry("titan-0a", lab.node("titan-0a").sshAddress()).hasSize(8);
            @SuppressWarnings("unchecked")
            Map<String, Object> ups = (Map<String, Object>) config.get("ups");
            assertThat(ups.get("target")).isEqualTo("pyrphoros@127.0.0.1:" + lab.ups().port());
            assertThat(Files.readAllLines(lab.knownHostsFile())).hasSize(8)
                    .allMatch(line -> line.matches("\\[127\\.0\\.0\\.1]:\\d+ ssh-ed25519 \\S+"));
            assertThat(Files.readString(lab.identityFile())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        }

        private TreeSet<String> keyPaths(String prefix, Map<String, Object> map) {
            TreeSet<String> paths = new TreeSet<>();
            map.forEach((key, value) -> {
                paths.add(prefix + key);
                // maps keyed by node names differ between the example and the lab by design
                if (value instanceof Map<?, ?> nested && !key.equals("ssh_node_hosts")
                        && !key.equals("ssh_node_users") && !(prefix + key).equals("restore.nodes")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> typed = (Map<String, Object>) nested;
                    paths.addAll(keyPaths(prefix + key + ".", typed));
                }
            });
            return paths;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Scale {

        @Test
        void eightNodesStartInUnderTwoSeconds() {
            long started = System.nanoTime();
            lab = Lab.start(LabSpec.defaults(workDir));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("lab: 8 nodes started in " + took.toMillis() + " ms");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        }

        @Test
        void twoHundredNodesStartInAFewSeconds() throws Exception {
            long started = System.nanoTime();
            lab = Lab.start(LabSpec.defaults(workDir).withNodes(3, 197));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("lab: 200 nodes started in " + took.toMillis() + " ms, JVM threads "
                    + Thread.activeCount());
            assertThat(lab.nodes()).hasSize(200);
            assertThat(lab.workers()).contains("titan-99", "titan-100", "titan-200");
            assertThat(run("titan-200", "systemctl is-active k3s-agent").stdout()).isEqualTo("active\n");
            assertThat(took).isLessThan(Duration.ofSeconds(15));
        }
    }
}
