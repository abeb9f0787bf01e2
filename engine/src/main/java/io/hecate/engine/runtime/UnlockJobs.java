package io.hecate.engine.runtime;

import java.util.List;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

/**
 * Drops the locks on jobs so that the job executor takes them now, not when the locks expire: a dead owner's (a resumed
 * run), or its own that an acquisition lost in a hand-over of the database ({@link NextDueJobExecutor}).
 */
record UnlockJobs(List<String> jobIds) implements Command<Void> {

    @Override
    public Void execute(CommandContext context) {
        for (String jobId : jobIds) {
            JobEntity job = context.getJobManager().findJobById(jobId);
            if (job != null) {
                job.setLockOwner(null);
                job.setLockExpirationTime(null);
            }
        }
        return null;
    }
}
