package io.hecate.engine.runtime;

import io.hecate.connectors.Retry;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * Deletes a run's process instance (and what it called) even while one of its jobs commits in this or another
 * process: an optimistic-locking clash means a job moved the instance on meanwhile, so delete again from its new
 * state, a little later. The end listeners run, so open stage rows close.
 */
final class InstanceDeletion {

    private static final long PAUSE_MILLIS = 100;

    private InstanceDeletion() {
    }

    /** @return false when every attempt clashed with a job (the instance is left as it is) */
    static boolean delete(ProcessEngineConfigurationImpl engine, String processInstanceId, String reason, int attempts) {
        try {
            Retry.whilePassing(attempts, PAUSE_MILLIS, e -> e instanceof OptimisticLockingException,
                    () -> engine.getCommandExecutorTxRequiresNew().execute(c -> {
                        engine.getRuntimeService().deleteProcessInstanceIfExists(processInstanceId, reason, false, true, true, false);
                        return null;
                    }));
            return true;
        } catch (OptimisticLockingException e) {
            return false;
        }
    }
}
