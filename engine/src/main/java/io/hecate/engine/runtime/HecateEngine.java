package io.hecate.engine.runtime;

import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunOwner;
import io.hecate.engine.history.RunRecord;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camunda 7 embedded on the H2 file of the state dir: validated BPMN deployed, every run recorded, job
 * executor tuned for low latency (timers fire within about a second). Knows no specific workflow.
 */
public final class HecateEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HecateEngine.class);
    private static final Duration DELETE_RETRY = Duration.ofMillis(200);
    /** 30 s of retries: longer than any single job of a run should take. */
    private static final int DELETE_ATTEMPTS = 150;
    private static final String DEPLOYMENT = "hecate";
    private static final int JOB_THREADS = 8;

    private final EngineSettings settings;
    private final ProcessEngine processEngine;
    private final RunHistory history;
    private final WorkflowCatalog catalog;
    private final RunOwner owner;
    private final OwnerHeartbeat heartbeat;
    private final ScheduledExecutorService enders = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "run-ender");
        thread.setDaemon(true);
        return thread;
    });

    private HecateEngine(EngineSettings settings, ProcessEngine processEngine, RunHistory history, WorkflowCatalog catalog,
            RunOwner owner) {
        this.settings = settings;
        this.processEngine = processEngine;
        this.history = history;
        this.catalog = catalog;
        this.owner = owner;
        this.heartbeat = new OwnerHeartbeat(history, owner.token(), settings.clock());
    }

    /** Validates the BPMN first (nothing is created when it is bad), then boots the engine and deploys. */
    public static HecateEngine start(EngineSettings settings) {
        WorkflowCatalog catalog = WorkflowCatalog.of(settings.builtInWorkflows(), settings.overrideDir(),
                new WorkflowValidator(settings.delegates().keySet()));
        HistoryHolder holder = new HistoryHolder();
        RunOwner owner = RunOwner.forThisProcess(settings.clock().instant());
        StandaloneProcessEngineConfiguration configuration = configuration(settings, holder, owner);
        ProcessEngine engine = configuration.buildProcessEngine();
        try {
            RunHistory history = new RunHistory(configuration.getDataSource());
            holder.history = history;
            history.ownerStarted(owner);
            HecateEngine hecate = new HecateEngine(settings, engine, history, catalog, owner);
            hecate.deploy();
            hecate.heartbeat.start();
            return hecate;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    private static StandaloneProcessEngineConfiguration configuration(EngineSettings settings, HistoryHolder holder, RunOwner owner) {
        StandaloneProcessEngineConfiguration c = new StandaloneProcessEngineConfiguration();
        c.setProcessEngineName("hecate-" + settings.engineDir().toAbsolutePath().hashCode());
        c.setJdbcUrl(EngineDatabase.jdbcUrl(settings.engineDir()));
        c.setJdbcUsername(EngineDatabase.USER);
        c.setJdbcPassword("");
        c.setJdbcDriver("org.h2.Driver");
        c.setJdbcMaxActiveConnections(JOB_THREADS + 12);
        c.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        c.setHistory(ProcessEngineConfiguration.HISTORY_ACTIVITY);
        c.setJobExecutorActivate(false);
        c.setJobExecutorDeploymentAware(false);
        c.setMetricsEnabled(false);
        c.setDbMetricsReporterActivate(false);
        c.setJavaSerializationFormatEnabled(false);
        c.setDefaultNumberOfRetries(1);
        Map<Object, Object> beans = new HashMap<>(settings.delegates());
        c.setBeans(beans);
        RunRecorder recorder = new RunRecorder(() -> holder.history, settings.clock());
        List<BpmnParseListener> listeners = new ArrayList<>();
        listeners.add(new RunRecordingParseListener(recorder));
        c.setCustomPreBPMNParseListeners(listeners);
        c.setCustomIncidentHandlers(List.of(new FailingRunIncidentHandler(() -> holder.history, settings.clock())));
        c.setFailedJobCommandFactory(new ConnectorFailureRetries());
        DefaultJobExecutor jobExecutor = new DefaultJobExecutor();
        jobExecutor.setCorePoolSize(JOB_THREADS);
        jobExecutor.setMaxPoolSize(JOB_THREADS);
        jobExecutor.setQueueSize(JOB_THREADS * 2);
        jobExecutor.setMaxJobsPerAcquisition(JOB_THREADS);
        jobExecutor.setWaitTimeInMillis(100);
        jobExecutor.setMaxWait(100);
        jobExecutor.setLockTimeInMillis(300_000);
        c.setJobExecutor(jobExecutor);
        // this engine runs only the jobs of the runs it owns (see OwnerPriority)
        c.setJobExecutorPriorityRangeMin(owner.token());
        c.setJobExecutorPriorityRangeMax(owner.token());
        return c;
    }

    private void deploy() {
        DeploymentBuilder deployment = processEngine.getRepositoryService().createDeployment()
                .name(DEPLOYMENT)
                .enableDuplicateFiltering(true);
        catalog.resources().forEach(r -> deployment.addInputStream(r.fileName(), new ByteArrayInputStream(r.bytes())));
        deployment.deploy();
    }

    public ProcessEngine processEngine() {
        return processEngine;
    }

    public RunHistory history() {
        return history;
    }

    public WorkflowCatalog catalog() {
        return catalog;
    }

    /** Who this engine is in the history: its runs carry this owner's token. */
    public RunOwner owner() {
        return owner;
    }

    /**
     * Starts a workflow owned by this engine; the variables must hold {@link RunVariables#RUN_ID}. The job
     * executor finishes async parts.
     */
    public ProcessInstance start(String workflow, Map<String, Object> variables) {
        if (!variables.containsKey(RunVariables.RUN_ID)) {
            throw new IllegalArgumentException("a run needs a " + RunVariables.RUN_ID);
        }
        String runId = variables.get(RunVariables.RUN_ID).toString();
        Map<String, Object> owned = new HashMap<>(variables);
        owned.put(RunVariables.OWNER_TOKEN, owner.token());
        try {
            return processEngine.getRuntimeService().startProcessInstanceByKey(workflow, runId, owned);
        } catch (RuntimeException e) {
            // Camunda rolled the start back, but the history commits on its own: do not leave the run "running" forever
            history.runEnded(runId, RunRecord.FAILED, e.getMessage(), settings.clock().instant());
            throw e;
        }
    }

    /**
     * Makes this engine the owner of a resumable interrupted run (its owner is gone) and lets it go on from where
     * it stopped: the run's jobs get this owner's token and lose the dead owner's locks, so this job executor
     * takes them at once. The resumed run is never a budget sample.
     * @throws WorkflowException when the run cannot be resumed
     */
    public void resume(RunRecord run, String why) {
        List<String> instances = processInstances(run);
        if (instances.isEmpty()) {
            history.runClosed(run.runId(), RunRecord.INTERRUPTED, "nothing left to resume: the run's process instance is gone"
                    + (run.detail() == null ? "" : "; " + run.detail()), settings.clock().instant());
            throw new WorkflowException("run " + run.runId() + " cannot be resumed: its process instance is gone");
        }
        if (!history.runResumed(run.runId(), owner.token())) {
            throw new WorkflowException("run " + run.runId() + " is not a resumable interrupted run");
        }
        RuntimeService runtime = processEngine.getRuntimeService();
        runtime.setVariable(instances.get(0), RunVariables.OWNER_TOKEN, owner.token());
        ManagementService management = processEngine.getManagementService();
        for (String instance : instances) {
            for (Job job : management.createJobQuery().processInstanceId(instance).list()) {
                management.setJobPriority(job.getId(), owner.token());
                commandExecutor().execute(new UnlockJob(job.getId()));
            }
        }
        history.action(run.runId(), null, why + "; resumed by " + owner.describe(), settings.clock().instant());
    }

    /**
     * Ends a run for good, whoever carries it: recorded first (so its own end listener cannot call it
     * succeeded), then its process instance deleted so none of its jobs runs again.
     * @param outcome {@link RunRecord#ABORTED} or {@link RunRecord#SUPERSEDED}
     */
    public void end(RunRecord run, String outcome, String detail) {
        history.runClosed(run.runId(), outcome, detail, settings.clock().instant());
        List<String> instances = processInstances(run);
        if (!instances.isEmpty()) {
            delete(run.runId(), instances.get(0), outcome + ": " + detail, 0);
        }
    }

    /**
     * Deletes a run's process instance (and the ones it called). A job of the run that is executing right now makes
     * the delete fail on its concurrent update: tried again shortly, in the background, so a superseding emergency
     * shutdown does not wait for it and the ended run's next job never starts.
     */
    private void delete(String runId, String instance, String reason, int attempt) {
        try {
            if (processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance).count() > 0) {
                processEngine.getRuntimeService().deleteProcessInstance(instance, reason, true, true);
            }
        } catch (ProcessEngineException e) {
            if (attempt >= DELETE_ATTEMPTS || enders.isShutdown()) {
                LOG.warn("run {}: its process instance could not be deleted after {} attempts: {}", runId, attempt + 1, e.getMessage());
                return;
            }
            LOG.info("run {}: its process instance is busy ({}); deleting it again in {} ms", runId, e.getMessage(),
                    DELETE_RETRY.toMillis());
            enders.schedule(() -> delete(runId, instance, reason, attempt + 1), DELETE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The run's top process instance first, then the ones it called; empty when none is left. */
    private List<String> processInstances(RunRecord run) {
        RuntimeService runtime = processEngine.getRuntimeService();
        List<String> found = new ArrayList<>();
        if (run.processInstanceId() == null
                || runtime.createProcessInstanceQuery().processInstanceId(run.processInstanceId()).count() == 0) {
            return found;
        }
        found.add(run.processInstanceId());
        for (int i = 0; i < found.size(); i++) {
            runtime.createProcessInstanceQuery().superProcessInstanceId(found.get(i)).list().forEach(p -> found.add(p.getId()));
        }
        return found;
    }

    private CommandExecutor commandExecutor() {
        return ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration()).getCommandExecutorTxRequired();
    }

    public void startJobExecutor() {
        jobExecutor().start();
    }

    private JobExecutor jobExecutor() {
        return ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration()).getJobExecutor();
    }

    @Override
    public void close() {
        jobExecutor().shutdown();
        enders.shutdownNow();
        heartbeat.stop();
        processEngine.close();
        try {
            settings.delegateResources().close();
        } catch (Exception e) {
            LOG.warn("closing the delegates' connections failed: {}", e.toString());
        }
    }

    /** Drops a dead owner's lock on a job so the new owner's job executor takes it now, not when the lock expires. */
    private record UnlockJob(String jobId) implements Command<Void> {
        @Override
        public Void execute(CommandContext context) {
            JobEntity job = context.getJobManager().findJobById(jobId);
            if (job != null) {
                job.setLockOwner(null);
                job.setLockExpirationTime(null);
            }
            return null;
        }
    }

    /** The history exists only once the engine has built its data source; listeners reach it through this. */
    private static final class HistoryHolder {
        volatile RunHistory history;
    }
}
