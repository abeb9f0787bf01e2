package io.hecate.engine.runtime;

import io.hecate.connectors.Causes;
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
            return Unlock.givingBack(jobId, exception);
        }
        return retryable(exception) ? new DefaultJobRetryCmd(jobId, exception) : Unlock.failing(jobId, exception);
    }

    static boolean retryable(Throwable exception) {
        return Causes.chain(exception).filter(ConnectorException.class::isInstance).map(ConnectorException.class::cast).findFirst()
                .map(ConnectorException::retryable).orElse(true);
    }

    /**
     * Unlocks the job, then either fails it for good (the failure recorded on it, its retries set to 0, which raises the
     * incident) or gives it back as it is, due now, and tells the job executor.
     */
    private static final class Unlock extends JobRetryCmd {

        private final boolean fails;

        private Unlock(String jobId, Throwable exception, boolean fails) {
            super(jobId, exception);
            this.fails = fails;
        }

        static Unlock failing(String jobId, Throwable exception) {
            return new Unlock(jobId, exception, true);
        }

        static Unlock givingBack(String jobId, Throwable exception) {
            return new Unlock(jobId, exception, false);
        }

        @Override
        public Object execute(CommandContext commandContext) {
            JobEntity job = getJob();
            if (job == null) {
                return null;
            }
            job.unlock();
            if (fails) {
                logException(job);
                job.setRetries(0);
            } else {
                notifyAcquisition(commandContext);
            }
            return null;
        }
    }
}
