package io.hecate.workflows.order;

import io.hecate.engine.history.RunRecord;
import io.hecate.engine.runtime.EngineSettings;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.engine.runtime.RunVariables;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.WorkflowRuntime;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.Job;

/**
 * The real engine (run recording, outcomes, retry cycles, incidents) with the real built-in BPMN on an in-memory H2
 * database and {@link StubStages} under the real bean names. Jobs, timers included, are executed one by one from
 * the test thread instead of by the job executor: a run takes milliseconds and nothing depends on timing.
 */
final class InMemoryWorkflows implements AutoCloseable {

    /** More jobs than any built-in run takes, with its loops, when a test scripts a few extra passes. */
    private static final int MAX_JOBS = 500;

    private final StubStages stages = new StubStages();
    private final HecateEngine engine;

    InMemoryWorkflows() {
        String url = "jdbc:h2:mem:order-" + UUID.randomUUID();
        engine = HecateEngine.start(new EngineSettings(url + ";DB_CLOSE_DELAY=-1", url + "-history;DB_CLOSE_DELAY=-1", Optional.empty(),
                stages.beans(), WorkflowRuntime.catalog(null), Clock.systemUTC(), () -> { }));
    }

    StubStages stages() {
        return stages;
    }

    WorkflowRun run(String workflow, Trigger trigger, RunMode mode) {
        return run(workflow, RunVariables.of(UUID.randomUUID().toString(), trigger.wire(), mode.wire(), true, null));
    }

    /** Starts the workflow, runs every job until none is left, and tells what happened; the stubs' scripts are reset. */
    WorkflowRun run(String workflow, Map<String, Object> variables) {
        String runId = variables.get(RunVariables.RUN_ID).toString();
        try {
            String instance = engine.start(workflow, variables);
            runJobs(runId);
            RunRecord record = engine.history().run(runId).orElseThrow(() -> new AssertionError("run " + runId + " not recorded"));
            return new WorkflowRun(runId, stages.passed(), record, endEvents(instance));
        } finally {
            stages.reset();
        }
    }

    private void runJobs(String runId) {
        ManagementService management = engine.processEngine().getManagementService();
        for (int executed = 0; executed < MAX_JOBS; executed++) {
            List<Job> jobs = management.createJobQuery().withRetriesLeft().list();
            if (jobs.isEmpty()) {
                return;
            }
            try {
                management.executeJob(jobs.get(0).getId());
            } catch (RuntimeException failedAttempt) {
                // the engine recorded the failure and counted down the job's retries, as the job executor would
            }
        }
        throw new AssertionError("run " + runId + " still had jobs after " + MAX_JOBS + "; stages passed: " + stages.passed());
    }

    private List<String> endEvents(String processInstanceId) {
        return engine.processEngine().getHistoryService().createHistoricActivityInstanceQuery()
                .processInstanceId(processInstanceId).activityType("noneEndEvent").orderPartiallyByOccurrence().asc().list()
                .stream().map(HistoricActivityInstance::getActivityId).toList();
    }

    @Override
    public void close() {
        engine.close();
    }
}
