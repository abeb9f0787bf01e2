package io.hecate.engine.runtime;

import io.hecate.engine.history.HandOver;
import org.camunda.bpm.engine.impl.cmd.AcquireJobsCmd;
import org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an engine command again when the process serving Camunda's file stopped under it ({@link HandOver}): a daemon
 * restarted during a command's run, a command that served the file exiting during another's. Only a command of its
 * own is tried again (one nested in another has the outer one's transaction). Its transaction was rolled back, or,
 * when the server stopped between its commit and the reply, committed: every command tried here reads, or writes
 * what a second try finds done. The three whose second try could do work twice are left to whoever can tell: the job
 * executor's acquisition and execution ({@link NextDueJobExecutor}, {@link ConnectorFailureRetries}) and a run's
 * start ({@link HecateEngine#start}).
 */
final class HandOverRetries extends CommandInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(HandOverRetries.class);

    @Override
    public <T> T execute(Command<T> command) {
        if (Context.getCommandContext() != null || command instanceof ExecuteJobsCmd || command instanceof AcquireJobsCmd
                || command instanceof StartProcessInstanceCmd) {
            return next.execute(command);
        }
        return HandOver.waitedOut(() -> next.execute(command), e -> LOG.info("the engine's database was handed over from a "
                + "process that stopped during {}; trying it again", command.getClass().getSimpleName()));
    }
}
