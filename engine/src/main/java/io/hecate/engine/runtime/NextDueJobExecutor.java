package io.hecate.engine.runtime;

import io.hecate.engine.history.HandOver;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.AcquiredJobs;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionStrategy;
import org.camunda.bpm.engine.impl.jobexecutor.SequentialJobAcquisitionRunnable;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camunda's job executor, made to sleep until its next job is due instead of polling. Camunda's own looks for due
 * jobs every {@code waitTimeInMillis} while idle: Hecate's 100 ms were two thirds of an idle daemon's CPU, and a timer
 * (a retry wait, a polling loop) fired up to that much late. Idle, this one sleeps until the earliest due date among
 * the jobs it may run (its owner's priority range), at most {@link #MAX_SLEEP_MILLIS}, and wakes at once when
 * <ul>
 * <li>a job due within {@link #MAX_SLEEP_MILLIS} is created: Camunda hints the executor when such a job commits (a
 *     run's next stage, a timer);</li>
 * <li>a job failed: Camunda hints it when it sets the retry's due date;</li>
 * <li>{@link #jobWasAdded()} is called: a resumed run's jobs changed owner outside the executor.</li>
 * </ul>
 * The longest sleep only bounds what none of these sees: a job made runnable by another process.
 */
final class NextDueJobExecutor extends DefaultJobExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(NextDueJobExecutor.class);

    static final int MAX_SLEEP_MILLIS = 5_000;
    /** The wait after a failed acquisition (the database being handed over) or while every thread is busy. */
    private static final long RETRY_MILLIS = 100;
    private static final int LOCK_MILLIS = 300_000;

    NextDueJobExecutor(int threads) {
        setCorePoolSize(threads);
        setMaxPoolSize(threads);
        setQueueSize(threads * 2);
        setMaxJobsPerAcquisition(threads);
        // Camunda hints the executor of a new job due within waitTimeInMillis; equal to the longest sleep, no job can
        // fall due unseen while the acquisition sleeps
        setWaitTimeInMillis(MAX_SLEEP_MILLIS);
        setMaxWait(MAX_SLEEP_MILLIS);
        setLockTimeInMillis(LOCK_MILLIS);
    }

    /** Batches of jobs handed to the pool and not done: while any is, a job locked by this executor may be running. */
    private final AtomicInteger running = new AtomicInteger();
    /** An acquisition failed in a hand-over: it may have locked jobs it never handed over (see {@link Acquisition#releaseLocks}). */
    private volatile boolean locksMaybeLost;

    /** An acquisition failed in a hand-over of the database; the loop releases what it may have locked once it is idle. */
    void locksMayBeLost() {
        locksMaybeLost = true;
    }

    /** Camunda's, counting the batches in {@link #running}. */
    @Override
    public void executeJobs(List<String> jobIds, ProcessEngineImpl engine) {
        Runnable jobs = getExecuteJobsRunnable(jobIds, engine);
        running.incrementAndGet();
        try {
            threadPoolExecutor.execute(() -> {
                try {
                    jobs.run();
                } finally {
                    running.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            running.decrementAndGet();
            logRejectedExecution(engine, jobIds.size());
            rejectedJobsHandler.jobsRejected(jobIds, engine, this);
        }
    }

    @Override
    protected void ensureInitialization() {
        super.ensureInitialization();
        acquireJobsRunnable = new Acquisition(this);
    }

    /** Camunda's acquisition loop, with a sleep that ends at the next due job and no lost wake-up. */
    private static final class Acquisition extends SequentialJobAcquisitionRunnable {

        private final NextDueJobExecutor executor;
        private final UntilNextDue strategy;

        Acquisition(NextDueJobExecutor executor) {
            super(executor);
            this.executor = executor;
            this.strategy = new UntilNextDue(executor.getMaxJobsPerAcquisition());
        }

        @Override
        protected JobAcquisitionStrategy initializeAcquisitionStrategy() {
            return strategy;
        }

        /**
         * A hint counts from the acquisition query on: one that came before it was for a job committed before it, which
         * the query sees. Camunda clears the hint after the cycle instead: the hint that woke the loop made it acquire
         * again at once (nothing left to take: two more queries, racing a run's first job for the CPU), and a hint that
         * came between the end of the cycle and the clear was lost until the next due job. One engine per executor
         * (Hecate's case): with several, a hint for one could be cleared while another is queried. An acquisition that
         * fails in a hand-over of the database ({@link HandOver}) is tried again on the next server, and what it may
         * have locked is released once nothing runs ({@link #releaseLocks}).
         */
        @Override
        protected AcquiredJobs acquireJobs(JobAcquisitionContext context, JobAcquisitionStrategy strategy, ProcessEngineImpl engine) {
            isJobAdded = false;
            if (executor.locksMaybeLost && idle(context)) {
                releaseLocks(engine);
                executor.locksMaybeLost = false;
            }
            return HandOver.waitedOut(() -> super.acquireJobs(context, strategy, engine), e -> executor.locksMayBeLost());
        }

        /** No batch of this executor's is in the pool or waiting for room in it. */
        private boolean idle(JobAcquisitionContext context) {
            return executor.running.get() == 0 && context.getAdditionalJobsByEngine().isEmpty()
                    && context.getRejectedJobsByEngine().isEmpty();
        }

        /**
         * An acquisition that the process serving Camunda's file took with it when it stopped ({@link HandOver}) may
         * have committed its locks before the reply was lost: those jobs are locked by this executor, which never got
         * them, and nothing would run them before the lock expires ({@link #LOCK_MILLIS}, 5 minutes). Once the
         * executor runs nothing, every job of its own that it still locks is such a job: unlocked, it is acquired again.
         */
        private void releaseLocks(ProcessEngineImpl engine) {
            ProcessEngineConfigurationImpl configuration = engine.getProcessEngineConfiguration();
            String lockOwner = executor.getLockOwner();
            List<String> lost = engine.getManagementService().createJobQuery()
                    .priorityHigherThanOrEquals(configuration.getJobExecutorPriorityRangeMin())
                    .priorityLowerThanOrEquals(configuration.getJobExecutorPriorityRangeMax())
                    .list().stream()
                    .filter(job -> lockOwner.equals(((JobEntity) job).getLockOwner()))
                    .map(Job::getId).toList();
            if (!lost.isEmpty()) {
                NextDueJobExecutor.LOG.info("job executor: unlocking {} job(s) an acquisition lost in a hand-over of the database",
                        lost.size());
                configuration.getCommandExecutorTxRequired().execute(new UnlockJobs(lost));
            }
        }

        /** Cleared before each acquisition query instead ({@link #acquireJobs}). */
        @Override
        protected void clearJobAddedNotification() {
        }

        /**
         * Looks up the next due date once the acquired jobs are on their way, and before the loop reads whether a job
         * was added, so a hint that comes during the query still cuts the sleep short. It does so exactly when the
         * strategy sleeps until that date: when the context counts the cycle idle (fewer batches than jobs asked for).
         */
        @Override
        protected void executeJobs(JobAcquisitionContext context, ProcessEngineImpl engine, AcquiredJobs acquired) {
            super.executeJobs(context, engine, acquired);
            if (context.areAllEnginesIdle()) {
                // while locks may be lost, the loop looks again soon: the jobs behind them are due
                strategy.nextDue(executor.locksMaybeLost ? context.getAcquisitionTime() + RETRY_MILLIS : nextDue(engine));
            }
        }

        /** The earliest due date after now among the jobs this executor may run; {@link Long#MAX_VALUE} when none. */
        private static long nextDue(ProcessEngineImpl engine) {
            ProcessEngineConfigurationImpl configuration = engine.getProcessEngineConfiguration();
            List<Job> next = engine.getManagementService().createJobQuery()
                    .active()
                    .withRetriesLeft()
                    .priorityHigherThanOrEquals(configuration.getJobExecutorPriorityRangeMin())
                    .priorityLowerThanOrEquals(configuration.getJobExecutorPriorityRangeMax())
                    .duedateHigherThan(ClockUtil.getCurrentTime())
                    .orderByJobDuedate().asc()
                    .listPage(0, 1);
            return next.isEmpty() ? Long.MAX_VALUE : next.get(0).getDuedate().getTime();
        }

        /**
         * Camunda's sleep marks itself waiting only after the loop cleared its hint, so a hint in between was lost
         * until the wait ended: harmless after 100 ms, not after seconds. Marked waiting first, then the hint looked
         * at: a hint either finds the loop waiting and wakes it, or is seen here.
         */
        @Override
        protected void suspendAcquisition(long millis) {
            if (millis <= 0) {
                return;
            }
            synchronized (MONITOR) {
                isWaiting.set(true);
                try {
                    if (!isInterrupted && !isJobAdded) {
                        MONITOR.wait(millis);
                    }
                } catch (InterruptedException e) {
                    // the executor is shutting down: stop() has set isInterrupted, which ends the loop
                } finally {
                    isWaiting.set(false);
                }
            }
        }
    }

    /** How long the loop waits before it acquires again. */
    private static final class UntilNextDue implements JobAcquisitionStrategy {

        private final int jobsPerAcquisition;
        private long nextDue = Long.MAX_VALUE;
        private long waitMillis;

        UntilNextDue(int jobsPerAcquisition) {
            this.jobsPerAcquisition = jobsPerAcquisition;
        }

        void nextDue(long millis) {
            nextDue = millis;
        }

        @Override
        public void reconfigure(JobAcquisitionContext context) {
            if (context.isJobAdded()) {
                waitMillis = 0;
            } else if (context.getAcquisitionException() != null || !context.getRejectedJobsByEngine().isEmpty()) {
                waitMillis = RETRY_MILLIS;
            } else if (context.areAllEnginesIdle()) {
                // the loop subtracts the time since the acquisition started: it wakes when the next job is due
                waitMillis = Math.min(MAX_SLEEP_MILLIS, Math.max(0, nextDue - context.getAcquisitionTime()));
            } else {
                waitMillis = 0; // a full batch: there may be more
            }
            nextDue = Long.MAX_VALUE;
        }

        @Override
        public long getWaitTime() {
            return waitMillis;
        }

        @Override
        public int getNumJobsToAcquire(String processEngine) {
            return jobsPerAcquisition;
        }
    }
}
