package io.hecate.drills.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillIT {

    @TempDir
    Path dir;
    private final StringWriter printed = new StringWriter();
    private final PrintWriter out = new PrintWriter(printed, true);

    @Test
    void listsTheThreeDrillsWithWhatEachBreaksAndVerifies() {
        assertThat(Drills.all()).extracting(Drill::name)
                .containsExactly("flux-gitea-deadlock", "foundation-recovery", "reconciliation-resume");
        assertThat(Drills.all()).allSatisfy(drill -> {
            assertThat(drill.breaks()).contains("Refused on a live cluster");
            assertThat(drill.verifies()).isNotBlank();
        });
        assertThat(Drills.named("no-such-drill")).isEmpty();
    }

    @Test
    void liveNeedsExecuteAndAConfig() {
        assertThatThrownBy(() -> DrillTarget.live(dir.resolve("hecate.yaml"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--execute");
        assertThatThrownBy(() -> DrillTarget.live(null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--config");
        assertThat(DrillTarget.live(dir.resolve("hecate.yaml"), true).live()).isTrue();
        assertThat(DrillTarget.lab(dir).live()).isFalse();
    }

    @Nested
    class OnTheLab {

        @Test
        void fluxGiteaDeadlockRecoversThroughTheBootstrapManifests() {
            assertPasses("flux-gitea-deadlock");
            assertThat(printed.toString()).contains("ok   stage ApplyGiteaBootstrap passed", "ok   Deployment gitea/gitea ready",
                    "ok   intent normal");
        }

        @Test
        void foundationRecoveryRestoresEtcdOnTheConfiguredServer() {
            assertPasses("foundation-recovery");
            assertThat(printed.toString()).contains("ok   stage EtcdRestore passed", "ok   etcd reset on exactly titan-0a",
                    "ok   stage MoveAsideOtherDbs left titan-0a alone", "ok   every node (8) Ready and schedulable");
        }

        @Test
        void reconciliationResumeResumesWhatTheShutdownSuspendedAndNotTheOperatorsSuspension() {
            assertPasses("reconciliation-resume");
            assertThat(printed.toString()).contains("ok   HelmRelease monitoring/grafana (the operator's) still suspended",
                    "ok   nothing left on Hecate's list of suspensions");
        }

        @Test
        void fluxGiteaDeadlockFailsLoudlyWhenThereIsNothingToBootstrapGiteaFrom() {
            Drill noManifests = new FluxGiteaDeadlock() {
                @Override
                void breakIt(LabOutage outage) {
                    super.breakIt(outage);
                    emptyDir(outage.lab().bootstrapDir());
                }
            };

            assertThatThrownBy(() -> noManifests.run(DrillTarget.lab(dir), out)).as(printed.toString())
                    .isInstanceOf(DrillFailure.class).hasMessageContaining("flux-gitea-deadlock: recovery not verified")
                    .hasMessageContaining("expected hecate-startup run").hasMessageContaining("succeeded, saw failed")
                    .hasMessageContaining("expected Deployment gitea/gitea ready, saw not ready");
            assertThat(printed.toString()).contains("FAIL intent normal");
        }

        private void assertPasses(String name) {
            Drill drill = Drills.named(name).orElseThrow();
            assertThatCode(() -> drill.run(DrillTarget.lab(dir), out)).as(printed.toString()).doesNotThrowAnyException();
            assertThat(printed.toString()).doesNotContain("FAIL");
        }
    }

    private static void emptyDir(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
