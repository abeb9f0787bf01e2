package io.hecate.drills.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupIT {

    @TempDir
    Path dir;
    private StartupLab lab;

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void coldStartAfterShutdownReachesNormalWithWorkloadsReady() {
        lab = new StartupLab(dir).coldAfterShutdown();

        RunRecord run = lab.startup(Map.of());

        assertThat(run.outcome()).as(lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(lab.stageOrder(run.runId())).containsSubsequence("SetIntentStartupInProgress", "TimeSyncGate", "StartServers",
                "WaitForApi", "StartAgents", "WaitForNodesReady", "UncordonNodes", "WaitForCoreDns", "UnsealVault", "StorageGate", "ResumeFlux",
                "WaitForFlux", "PostStartProbes", "RefreshBootstrapCache", "SetIntentNormal");
        assertThat(new IntentStore(lab.config().intentFile()).read().effectiveState()).contains(IntentState.NORMAL);
        assertThat(lab.lab.vault().sealed()).isFalse();
        assertThat(lab.lab.kube().apps().deployments().inNamespace("apps").withName("web").get().getStatus().getReadyReplicas())
                .isEqualTo(2);
    }
}
