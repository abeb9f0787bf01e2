package io.hecate.engine.runtime;

import io.hecate.connectors.ConnectorException;
import io.hecate.engine.history.HandOver;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.cmd.JobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

/**
 * Spends a failed job's retries (the BPMN's {@code camunda:failedJobRetryTimeCycle}) only on a failure a later
 * attempt may get past. A connector failure that says it is not retryable ({@link ConnectorException#retryable()}:
 * a refused request, a bad host key) fails the job at once, so the run ends now instead of after the cycle. A job
 * whose transaction died because the process serving Camunda's file stopped ({@link HandOver}) did not fail: it is
 * given back at once with its retries unspent, and runs again on the next server.
 */
final class ConnectorFailureRetries implements FailedJobCommandFactory {

    @Override
    public Command<Object> getCommand(String jobId, Throwable exception) {
        if (HandOver.caused(exception)) {
            return new GivenBack(jobId, exception);
        }
        return retryable(exception) ? new DefaultJobRetryCmd(jobId, exception) : new NoRetries(jobId, exception);
    }

    static boolean retryable(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectorException connector) {
                return connector.retryable();
            }
        }
        return true;
    }

    /** Unlocks the job as it is, due now, and tells the job executor. */
    private static final class GivenBack extends JobRetryCmd {

        GivenBack(String jobId, Throwable exception) {
            super(jobId, exception);
        }

        @Override
        public Object execute(CommandContext commandContext) {
            JobEntity job = getJob();
            if (job != null) {
                job.unlock();
                notifyAcquisition(commandContext);
            }
            return null;
        }
    }

    /** Records the failure on the job and sets its retries to 0, which raises the incident. */
    private static final class NoRetries extends JobRetryCmd {

        NoRetries(String jobId, Throwable exception) {
            super(jobId, exception);
        }

        @Override
        public Object execute(CommandContext commandContext) {
            JobEntity job = getJob();
            if (job != null) {
                job.unlock();
                logException(job);
                job.setRetries(0);
            }
            return null;
        }
    }
}
