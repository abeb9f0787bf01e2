package io.hecate.connectors.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DryRunClusterTest {

    static final FluxRef APPS = new FluxRef(FluxKind.KUSTOMIZATION, "flux-system", "apps");

    final List<String> recorded = new ArrayList<>();
    final DryRunCluster cluster = new DryRunCluster(recorded::add);

    @Nested
    class MutatingVerbs {

        @Test
        void recordEachActionInsteadOfPerformingIt() {
            cluster.cordon("titan-04");
            cluster.uncordon("titan-04");
            DrainResult drained = cluster.drain("titan-04", Duration.ofMinutes(5));
            cluster.scale("gitea", "Deployment", "gitea", 0);
            cluster.setSuspended(APPS, true);
            cluster.setSuspended(APPS, false);
            cluster.requestReconcile(APPS);
            cluster.setGitRepositoryBranch("flux-system", "flux-system", "recovery");
            List<String> applied = cluster.applyManifests(Path.of("/var/lib/hecate/bootstrap-cache"));

            assertThat(recorded).containsExactly(
                    "kube: would cordon node titan-04",
                    "kube: would uncordon node titan-04",
                    "kube: would drain node titan-04 (timeout 300s)",
                    "kube: would scale Deployment gitea/gitea to 0",
                    "kube: would suspend Kustomization flux-system/apps",
                    "kube: would resume Kustomization flux-system/apps",
                    "kube: would request a reconcile of Kustomization flux-system/apps",
                    "kube: would set the branch of GitRepository flux-system/flux-system to recovery",
                    "kube: would apply the manifests in /var/lib/hecate/bootstrap-cache");
            assertThat(drained).isEqualTo(new DrainResult("titan-04", List.of(), List.of(), false));
            assertThat(applied).isEmpty();
        }
    }

    @Nested
    class Reads {

        @Test
        void answerTheHappyPathAndRecordWhatTheyWouldRead() {
            assertThat(cluster.apiReachable()).isTrue();
            assertThat(cluster.nodes()).isEmpty();
            assertThat(cluster.pvcs(null)).isEmpty();
            assertThat(cluster.longhornVolumes()).isEmpty();
            assertThat(cluster.readSecret("vault", "unseal")).isEmpty();
            assertThat(cluster.fluxObjects(FluxKind.HELM_RELEASE)).isEmpty();
            assertThat(cluster.fluxReadiness(APPS).ready()).isTrue();
            assertThat(cluster.deploymentReady("gitea", "gitea")).isTrue();

            assertThat(recorded).containsExactly(
                    "kube: would read /version",
                    "kube: would read nodes",
                    "kube: would read PersistentVolumeClaims in all namespaces",
                    "kube: would read Longhorn volumes",
                    "kube: would read Secret vault/unseal",
                    "kube: would read HelmRelease objects in all namespaces",
                    "kube: would read readiness of Kustomization flux-system/apps",
                    "kube: would read readiness of Deployment gitea/gitea");
        }
    }
}
