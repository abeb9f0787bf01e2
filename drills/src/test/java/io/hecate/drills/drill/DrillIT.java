package io.hecate.drills.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillIT {

    @TempDir
    Path dir;

    @Test
    void listsTheThreeDrillsWithWhatEachBreaksAndVerifies() {
        assertThat(Drills.all()).extracting(Drill::name)
                .containsExactly("flux-gitea-deadlock", "foundation-recovery", "reconciliation-resume");
        assertThat(Drills.all()).allSatisfy(drill -> {
            assertThat(drill.breaks()).isNotBlank();
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

    @Test
    void aDrillWhoseRecoveryIsNotBuiltFailsLoudlyInsteadOfPassing() {
        for (Drill drill : Drills.all()) {
            assertThatThrownBy(() -> drill.run(DrillTarget.lab(dir))).isInstanceOf(DrillFailure.class)
                    .hasMessageContaining(drill.name()).hasMessageContaining("hecate-startup").hasMessageContaining("nothing was broken");
        }
    }
}
