package io.hecate.engine.runtime;

import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import java.time.Clock;
import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.incident.DefaultIncidentHandler;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.incident.IncidentHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job out of retries (the BPMN's {@code camunda:failedJobRetryTimeCycle} spent) ends its run: the run is
 * recorded failed with the stage and the failure's message, and the whole process instance is deleted once
 * the incident is committed, so no job of a failed run can ever run again and nothing stays running
 * behind an incident. A failed run is started anew, never resumed.
 */
final class FailingRunIncidentHandler implements IncidentHandler {

    /** The delete waits for the run's other jobs to commit: every 100 ms for up to 2 s. */
    private static final int DELETE_ATTEMPTS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(FailingRunIncidentHandler.class);

    private final DefaultIncidentHandler incidents = new DefaultIncidentHandler(Incident.FAILED_JOB_HANDLER_TYPE);
    private final Supplier<RunHistory> history;
    private final Clock clock;

    FailingRunIncidentHandler(Supplier<RunHistory> history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    @Override
    public String getIncidentHandlerType() {
        return incidents.getIncidentHandlerType();
    }

    @Override
    public Incident handleIncident(IncidentContext context, String message) {
        Incident incident = incidents.handleIncident(context, message);
        CommandContext command = Context.getCommandContext();
        ExecutionEntity execution = command.getExecutionManager().findExecutionById(context.getExecutionId());
        if (execution == null) {
            return incident;
        }
        String runId = RunRecorder.runId(execution);
        // a job's activity is where it started (a timer, an async boundary); the failed one may come later
        String stage = context.getFailedActivityId() != null ? context.getFailedActivityId() : context.getActivityId();
        String detail = stage + ": " + message;
        // the stage first: whoever sees the run ended (a follower wakes on that write) must find its stage closed
        history.get().stageEnded(runId, stage, null, RunRecord.FAILED, message, clock.instant());
        history.get().runEnded(runId, RunRecord.FAILED, detail, clock.instant());
        String rootInstance = execution.getRootProcessInstanceId();
        // the incident's own transaction still holds the job: delete only after it committed
        command.getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
                committed -> deleteInstance(committed.getProcessEngineConfiguration(), rootInstance, runId, detail));
        return incident;
    }

    private static void deleteInstance(ProcessEngineConfigurationImpl engine, String processInstanceId, String runId,
            String detail) {
        if (InstanceDeletion.delete(engine, processInstanceId, "run failed: " + detail, DELETE_ATTEMPTS)) {
            LOG.info("run {} failed ({}); process instance {} deleted", runId, detail, processInstanceId);
        } else {
            LOG.warn("run {} failed ({}), but its process instance {} could not be deleted: it keeps its incident",
                    runId, detail, processInstanceId);
        }
    }

    @Override
    public void resolveIncident(IncidentContext context) {
        incidents.resolveIncident(context);
    }

    @Override
    public void deleteIncident(IncidentContext context) {
        incidents.deleteIncident(context);
    }
}
