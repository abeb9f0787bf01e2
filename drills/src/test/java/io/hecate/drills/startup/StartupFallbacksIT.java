package io.hecate.drills.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.drills.lab.LabNode;
import io.hecate.engine.history.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupFallbacksIT {

    @TempDir
    Path dir;
    private StartupLab lab;

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    private RunRecord startup() {
        return lab.startup(Map.of());
    }

    @Nested
    class ApiNeverReturns {

        @Test
        void restoresEtcdFromTheNewestSnapshotAndCompletesTheStartup() {
            lab = new StartupLab(dir).set("auto_etcd_restore_on_api_failure", "true").coldAfterEmergency();
            lab.lab.faults().apiNeverReturns(true);

            RunRecord run = startup();

            assertThat(run.outcome()).as(lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
            assertThat(lab.stageOrder(run.runId())).containsSubsequence("StartServers", "WaitForApi", "EtcdRestore", "StopServers",
                    "FindSnapshot", "ResetCluster", "StartRestoredServer", "MoveAsideOtherDbs", "StartOtherServers", "WaitForApi",
                    "StartAgents", "SetIntentNormal");
            LabNode restored = lab.lab.node("titan-0a");
            assertThat(restored.etcdRestored()).isTrue();
            assertThat(restored.movedDbs()).isEmpty();
            assertThat(lab.lab.node("titan-0b").movedDbs()).containsExactly("/var/lib/rancher/k3s/server/db.hecate-" + run.runId());
            assertThat(lab.lab.node("titan-0c").movedDbs()).hasSize(1);
        }

        @Test
        void failsWithoutRestoreWhenAutoRestoreIsOff() {
            lab = new StartupLab(dir).coldAfterEmergency();
            lab.lab.faults().apiNeverReturns(true);

            RunRecord run = startup();

            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(run.detail()).isEqualTo("Kubernetes API never returned");
            assertThat(lab.stageOrder(run.runId())).doesNotContain("EtcdRestore", "StartAgents");
        }

        @Test
        void detectsTheExternalDatastoreFromTheRestoreNodesK3sConfig() {
            lab = new StartupLab(dir).set("auto_etcd_restore_on_api_failure", "true").coldAfterEmergency();
            lab.lab.faults().apiNeverReturns(true);
            lab.lab.faults().externalDatastore("titan-0a", true);

            RunRecord run = startup();

            assertThat(lab.stageOrder(run.runId())).containsSubsequence("StartServers", "WaitForApi", "StartServers", "WaitForApi")
                    .doesNotContain("EtcdRestore", "ResetCluster");
            assertThat(lab.lab.nodes()).noneMatch(LabNode::etcdRestored);
            assertThat(lab.actions(run.runId())).anyMatch(a -> a.contains("datastore-endpoint in /etc/rancher/k3s/config.yaml on titan-0a"))
                    .noneMatch(a -> a.contains("lab-secret"));
        }

        @Test
        void neverRestoresWithAnExternalDatastoreButStartsTheServersAgain() {
            lab = new StartupLab(dir).set("auto_etcd_restore_on_api_failure", "true")
                    .set("datastore_endpoint", "postgres://titan-db:5432/k3s").coldAfterEmergency();
            lab.lab.faults().apiNeverReturns(true);

            RunRecord run = startup();

            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(lab.stageOrder(run.runId())).containsSubsequence("StartServers", "WaitForApi", "StartServers", "WaitForApi")
                    .doesNotContain("EtcdRestore", "ResetCluster");
            assertThat(lab.lab.nodes()).noneMatch(LabNode::etcdRestored);
            assertThat(lab.actions(run.runId())).anyMatch(a -> a.contains("external datastore"));
        }
    }

    @Nested
    class FluxGiteaDeadlock {

        @Test
        void appliesTheBootstrapManifestsAndFluxBecomesReady() {
            lab = new StartupLab(dir).coldAfterShutdown();
            lab.lab.faults().giteaDown(true);

            RunRecord run = startup();

            assertThat(run.outcome()).as(lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
            assertThat(lab.stageOrder(run.runId())).containsSubsequence("ResumeFlux", "WaitForFlux", "ApplyGiteaBootstrap",
                    "WaitForGitea", "ReconcileFlux", "WaitForFlux", "PostStartProbes");
            assertThat(lab.actions(run.runId())).anyMatch(a -> a.contains("from " + lab.lab.bootstrapDir()));
            assertThat(lab.lab.kube().apps().deployments().inNamespace("gitea").withName("gitea").get()).isNotNull();
            assertThat(lab.config().bootstrapCacheDir().resolve("gitea-deployment.yaml")).exists();
        }

        @Test
        void fallsBackToTheBootstrapCacheWhenTheBootstrapPathIsEmpty() throws IOException {
            Path empty = Files.createDirectories(dir.resolve("no-bootstrap"));
            lab = new StartupLab(dir).set("bootstrap_path", empty.toString()).coldAfterEmergency();
            Path cache = lab.config().bootstrapCacheDir();
            Files.createDirectories(cache);
            try (var files = Files.list(lab.lab.bootstrapDir())) {
                for (Path file : files.toList()) {
                    Files.copy(file, cache.resolve(file.getFileName()));
                }
            }
            lab.lab.faults().giteaDown(true);

            RunRecord run = startup();

            assertThat(run.outcome()).as(lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
            assertThat(lab.actions(run.runId())).anyMatch(a -> a.contains("from " + cache));
        }
    }

    @Nested
    class Storage {

        @Test
        void failsTheRunAfterItsDeadlineWhenACriticalPvcStaysPending() {
            lab = new StartupLab(dir).coldAfterEmergency();
            lab.lab.faults().pvcStuckPending("apps/data", true);

            RunRecord run = startup();

            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(run.detail()).isEqualTo("Critical PVCs not Bound");
            assertThat(lab.actions(run.runId())).anyMatch(a -> a.contains("apps/data Pending"));
            assertThat(lab.stageOrder(run.runId())).doesNotContain("ResumeFlux");
        }

        @Test
        void failsTheRunAfterItsDeadlineWhenTheLonghornVolumeOfACriticalPvcIsDegraded() {
            lab = new StartupLab(dir).coldAfterEmergency();
            lab.lab.faults().longhornDegraded("vault/data-vault-0", true);

            RunRecord run = startup();

            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(run.detail()).isEqualTo("Critical PVCs not Bound");
            assertThat(lab.actions(run.runId())).anyMatch(a -> a.contains("critical storage not ready")
                    && a.contains("of vault/data-vault-0 attached degraded"));
            assertThat(lab.stageOrder(run.runId())).doesNotContain("ResumeFlux");
        }

        @Test
        void passesWhenTheLonghornVolumesOfCriticalPvcsAreHealthy() {
            lab = new StartupLab(dir).coldAfterEmergency();

            RunRecord run = startup();

            assertThat(run.outcome()).as(lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
            assertThat(lab.actions(run.runId())).anyMatch(a -> a.startsWith("StorageGate: critical PVCs Bound")
                    && a.contains("of vault/data-vault-0 attached healthy"));
        }
    }

    @Nested
    class TimeSync {

        @Test
        void strictModeBlocksOnOneUnsynchronisedClock() {
            lab = new StartupLab(dir).set("time_sync_mode", "strict").coldAfterEmergency();
            lab.lab.faults().clockUnsynchronised("titan-05", true);

            RunRecord run = startup();

            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(run.detail()).isEqualTo("Clocks not synchronised");
            assertThat(lab.stageOrder(run.runId())).doesNotContain("StartServers");
            assertThat(lab.actions(run.runId())).anyMatch(a -> a.contains("titan-05 (leap status: Not synchronised)"));
        }

        @Test
        void quorumModePassesWithEnoughSynchronisedClocks() {
            lab = new StartupLab(dir).set("time_sync_mode", "quorum").set("time_sync_quorum", "2").coldAfterEmergency();
            lab.lab.faults().clockUnsynchronised("titan-05", true);

            RunRecord run = startup();

            assertThat(run.outcome()).as(lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
        }
    }

    @Nested
    class PostStartProbes {

        @Test
        void failsTheRunWhenAProbeKeepsFailing() {
            lab = new StartupLab(dir).set("require_post_start_probes", "true").set("probe_retries", "1")
                    .set("post_start_probes", "[{url: 'http://127.0.0.1:1/healthz', timeout_seconds: 1}]").coldAfterEmergency();

            RunRecord run = startup();

            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(run.detail()).isEqualTo("Post-start probes failed");
            assertThat(lab.actions(run.runId())).anyMatch(a -> a.contains("attempt 2, giving up"));
        }
    }

    static Path keyFile(Path dir, Iterable<String> keys, String mode) throws IOException {
        Path file = dir.resolve("unseal-keys-" + mode);
        Files.write(file, keys);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
