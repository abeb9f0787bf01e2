package io.hecate.drills.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flux call that fails with 503 during startup: ResumeFlux is retried on the cycle written in the BPMN
 * (R3/PT5S); a failure that outlasts the cycle fails the run with the message and leaves nothing running.
 */
class StartupRetryIT {

    /** ResumeFlux's first call asks the GitRepository to reconcile: a PATCH of this object. */
    static final String GIT_REPOSITORY = "/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/flux-system";
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);
    /** The client repeats a request that got a 5xx once (kube request retries 1): two failed PATCHes fail one attempt. */
    static final int PATCHES_PER_ATTEMPT = 2;

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
    void aTransient503OnAFluxCallIsRetriedThenTheStartupSucceeds() {
        lab = new StartupLab(dir).coldAfterShutdown();
        lab.lab.faults().patchFails(GIT_REPOSITORY, PATCHES_PER_ATTEMPT);

        RunRecord run = lab.startup(Map.of());

        assertThat(run.outcome()).as(lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(lab.lab.faults().patchesSeen(GIT_REPOSITORY)).as("a failed attempt and the retried one")
                .isGreaterThan(PATCHES_PER_ATTEMPT);
        assertThat(lab.stageOrder(run.runId())).containsSubsequence("StorageGate", "ResumeFlux", "WaitForFlux", "SetIntentNormal");
        StageRecord resume = resumeFlux(run);
        assertThat(resume.outcome()).isEqualTo("ok");
        // the retried job reuses the stage row of its first attempt: the row spans the retry interval
        assertThat(Duration.between(resume.started(), resume.ended())).isGreaterThanOrEqualTo(RETRY_INTERVAL.minusMillis(100));
        assertThat(lab.actionRecords(run.runId())).filteredOn(a -> a.stage().equals("ResumeFlux")).extracting(ActionRecord::text)
                .contains("resumed Kustomization flux-system/apps");
        System.out.printf("transient 503 on ResumeFlux: stage took %d ms, run %d s%n",
                Duration.between(resume.started(), resume.ended()).toMillis(), run.duration().toSeconds());
    }

    @Test
    void aPermanent503FailsTheRunWithTheMessageAfterTheCycleAndLeavesNoInstanceNorJob() {
        lab = new StartupLab(dir).coldAfterShutdown();
        lab.lab.faults().patchFails(GIT_REPOSITORY, Integer.MAX_VALUE);
        int patchesBefore = lab.lab.faults().patchesSeen(GIT_REPOSITORY);

        RunRecord run = lab.startup(Map.of());

        assertThat(run.outcome()).as(lab.explain(run.runId())).isEqualTo(RunRecord.FAILED);
        assertThat(run.detail()).startsWith("ResumeFlux: GitRepository flux-system/flux-system: cannot request reconcile")
                .contains("HTTP 503").doesNotContain("Exception", "\tat ");
        StageRecord resume = resumeFlux(run);
        assertThat(resume.outcome()).isEqualTo(RunRecord.FAILED);
        // R3/PT5S: three attempts, two intervals
        assertThat(Duration.between(resume.started(), resume.ended())).isGreaterThanOrEqualTo(RETRY_INTERVAL.multipliedBy(2).minusMillis(100));
        assertThat(lab.lab.faults().patchesSeen(GIT_REPOSITORY) - patchesBefore).as("PATCHes over three attempts")
                .isEqualTo(3 * PATCHES_PER_ATTEMPT);
        assertThat(lab.stageOrder(run.runId())).endsWith("ResumeFlux");
        ProcessEngine camunda = lab.engine().processEngine();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(camunda.getRuntimeService().createProcessInstanceQuery().processInstanceId(run.processInstanceId()).count()).isZero();
            assertThat(camunda.getManagementService().createJobQuery().processInstanceId(run.processInstanceId()).count()).isZero();
        });
        assertThat(camunda.getRuntimeService().createProcessInstanceQuery().count()).as("no run of any workflow left").isZero();
        System.out.printf("permanent 503 on ResumeFlux: failed after %d ms in the stage, %d PATCHes%n",
                Duration.between(resume.started(), resume.ended()).toMillis(),
                lab.lab.faults().patchesSeen(GIT_REPOSITORY) - patchesBefore);
    }

    private StageRecord resumeFlux(RunRecord run) {
        List<StageRecord> rows = lab.engine().history().stages(run.runId()).stream()
                .filter(s -> s.stage().equals("ResumeFlux")).toList();
        assertThat(rows).as(lab.explain(run.runId())).hasSize(1);
        return rows.get(0);
    }
}
