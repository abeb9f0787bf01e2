package io.hecate.engine.runtime;

import io.hecate.connectors.Causes;
import io.hecate.connectors.DaemonThreads;
import io.hecate.connectors.Futures;
import io.hecate.connectors.Retry;
import io.hecate.engine.FileMutex;
import io.hecate.engine.history.HandOver;
import io.hecate.engine.history.HistoryMove;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunOwner;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.UnwritableStateDir;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camunda 7 embedded on the H2 file of the state dir: validated BPMN deployed, every run recorded, job
 * executor tuned for low latency (timers fire within about a second). Knows no specific workflow.
 */
public final class HecateEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HecateEngine.class);
    /** Longer than a boot that waits out a hand-over ({@link HandOver#PATIENCE}) and far longer than a plain one. */
    private static final Duration BOOT_LOCK_PATIENCE = Duration.ofSeconds(30);
    /** Background deletion of an ended run's busy instance: every 100 ms for up to 30 s. */
    private static final int DELETE_ATTEMPTS = 300;
    private static final Duration ENDERS_WAIT = Duration.ofSeconds(5);
    private static final String DEPLOYMENT = "hecate";
    private static final int JOB_THREADS = 8;

    private final EngineSettings settings;
    private final ProcessEngine processEngine;
    private final RunHistory history;
    private final WorkflowCatalog catalog;
    private final RunOwner owner;
    private final OwnerHeartbeat heartbeat;
    private final ScheduledExecutorService enders =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("run-ender"));

    private HecateEngine(EngineSettings settings, ProcessEngine processEngine, RunHistory history, WorkflowCatalog catalog,
            RunOwner owner) {
        this.settings = settings;
        this.processEngine = processEngine;
        this.history = history;
        this.catalog = catalog;
        this.owner = owner;
        this.heartbeat = new OwnerHeartbeat(history, owner.token(), settings.clock());
    }

    /**
     * Starts the CPU-heavy part of the next boot (building Camunda's SQL statements) on a thread of its own, so a
     * command overlaps it with reading its config, checking its BPMN and reading the history; touches no file.
     */
    public static void prepare() {
        LeanEngineConfiguration.parseAhead();
    }

    /**
     * Boots the engine and deploys the catalog, which was validated before (nothing is created when it is bad). One
     * engine at a time boots over the same files: two processes that started at the same moment on a new state dir
     * (the daemon and {@code hecate startup} at a host's first boot, two commands) both created Camunda's schema, one
     * failing half-way, or both deployed the workflows as version 1, after which every start of those keys failed
     * ("exists for multiple tenants"); Camunda's own deployment lock is off on H2. A later boot waits for the first
     * (about a second) and then finds the schema and the deployment made; it never waits on a boot that hangs for
     * longer than {@link #BOOT_LOCK_PATIENCE} (an emergency run must start): it then boots beside it and says so.
     * @throws UnwritableStateDir when the state dir's file system refuses the engine's writes (full, read-only)
     */
    public static HecateEngine start(EngineSettings settings) {
        try {
            return underBootLock(settings);
        } catch (RuntimeException e) {
            throw settings.engineDir().flatMap(dir -> UnwritableStateDir.seen(dir.getParent(), e)).<RuntimeException>map(u -> u).orElse(e);
        }
    }

    private static HecateEngine underBootLock(EngineSettings settings) {
        Optional<FileMutex> booting = settings.bootLock().flatMap(lock -> {
            Optional<FileMutex> held = FileMutex.acquireWithin(lock, BOOT_LOCK_PATIENCE);
            if (held.isEmpty()) {
                LOG.warn("another engine has been booting over {} for {} s; booting beside it", lock.getParent(),
                        BOOT_LOCK_PATIENCE.toSeconds());
            }
            return held;
        });
        try {
            return boot(settings);
        } finally {
            booting.ifPresent(FileMutex::close);
        }
    }

    private static HecateEngine boot(EngineSettings settings) {
        WorkflowCatalog catalog = settings.workflows();
        HistoryHolder holder = new HistoryHolder();
        RunOwner owner = RunOwner.forThisProcess(settings.clock().instant());
        // the history's file opens beside Camunda's boot: opening a file that others may share waits out H2's lock handshake
        CompletableFuture<RunHistory> opening = Futures.started("history-open", () -> readable(settings, EngineDatabase::historyStore,
                () -> afterHandOver(() -> RunHistory.owning(EngineDatabase.pool(settings.historyUrl())))));
        ProcessEngine engine;
        try {
            engine = readable(settings, EngineDatabase::engineFile,
                    () -> afterHandOver(() -> configuration(settings, holder, owner).buildProcessEngine()));
        } catch (RuntimeException e) {
            opening.thenAccept(RunHistory::close);
            throw e;
        }
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        RunHistory history = null;
        try {
            history = Futures.joined(opening);
            HistoryMove.move(configuration.getDataSource(), history);
            holder.history = history;
            history.ownerStarted(owner);
            HecateEngine hecate = new HecateEngine(settings, engine, history, catalog, owner);
            hecate.deploy();
            hecate.heartbeat.start();
            return hecate;
        } catch (RuntimeException e) {
            engine.close();
            if (history != null) {
                history.close();
            }
            throw e;
        }
    }

    /**
     * {@code open} over one of the engine's files ({@code file} of the engine's directory); when H2 cannot read that
     * file back, it is set aside and {@code open} runs once more over a new one: a power loss that cut the file short
     * must not keep the next startup, shutdown or daemon from running. What is lost: the history's runs and learned
     * budgets (the config's budgets count again), or Camunda's deployments and unfinished process instances.
     */
    private static <T> T readable(EngineSettings settings, Function<Path, Path> file, Supplier<T> open) {
        try {
            return open.get();
        } catch (RuntimeException e) {
            Optional<Path> unreadable = settings.engineDir().map(file);
            Optional<Path> aside = unreadable.flatMap(f -> EngineDatabase.setAsideWhenCorrupt(f, e, settings.clock().instant()));
            if (aside.isEmpty()) {
                throw e;
            }
            LOG.warn("{} cannot be read back (corrupt: {}); set aside as {}, a new one is started", unreadable.get(),
                    Causes.root(e).getMessage(), aside.get().getFileName());
            return open.get();
        }
    }

    /** A process that served the file just died (a killed daemon restarted at once): waits for the hand-over. */
    private static <T> T afterHandOver(Retry.Attempt<T, RuntimeException> open) {
        return HandOver.waitedOut(open, e -> LOG.info("the database is being handed over from a process that stopped ({})", e.getMessage()));
    }

    private static StandaloneProcessEngineConfiguration configuration(EngineSettings settings, HistoryHolder holder, RunOwner owner) {
        StandaloneProcessEngineConfiguration c = new LeanEngineConfiguration();
        c.setProcessEngineName("hecate-" + settings.jdbcUrl().hashCode());
        c.setJdbcUrl(settings.jdbcUrl());
        c.setJdbcUsername(EngineDatabase.USER);
        c.setJdbcPassword("");
        c.setJdbcDriver("org.h2.Driver");
        c.setJdbcMaxActiveConnections(JOB_THREADS + 12);
        c.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        // the run viewer draws a run's path (gateways, events, flows taken) from the activity history (DeployedDiagrams);
        // "none" made a step ~20% faster but leaves the diagram without it
        c.setHistory(ProcessEngineConfiguration.HISTORY_ACTIVITY);
        c.setJobExecutorActivate(false);
        c.setJobExecutorDeploymentAware(false);
        c.setMetricsEnabled(false);
        c.setDbMetricsReporterActivate(false);
        // Hecate runs BPMN only: no DMN/FEEL engine (~0.5 s of boot), no CMMN, no history cleanup job
        c.setDmnEnabled(false);
        c.setCmmnEnabled(false);
        c.setHistoryCleanupEnabled(false);
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
        c.setCustomPreCommandInterceptorsTxRequired(List.of(new HandOverRetries()));
        c.setCustomPreCommandInterceptorsTxRequiresNew(List.of(new HandOverRetries()));
        c.setJobExecutor(new NextDueJobExecutor(JOB_THREADS));
        // this engine runs only the jobs of the runs it owns (see OwnerPriority)
        c.setJobExecutorPriorityRangeMin(owner.token());
        c.setJobExecutorPriorityRangeMax(owner.token());
        return c;
    }

    /**
     * Deploys by content: each file is named after its process id, and duplicate filtering compares the bytes under
     * that name with the last deployment, so any change (an override added, edited or removed) is a new version and
     * the latest version, which every start uses, is always the catalog's.
     */
    private void deploy() {
        DeploymentBuilder deployment = processEngine.getRepositoryService().createDeployment()
                .name(DEPLOYMENT)
                .enableDuplicateFiltering(true);
        catalog.resources().forEach(r -> deployment.addInputStream(r.fileName(), new ByteArrayInputStream(r.bytes())));
        try {
            deployment.deploy();
        } catch (ParseException e) {
            // what the validator does not know yet: still a bad file (exit 2), never a stack trace
            throw new WorkflowException(e.getResorceReports().stream().flatMap(r -> r.getErrors().stream()
                    .map(p -> catalog.originOf(r.getResourceName()) + ": element " + p.getMainElementId() + " (line " + p.getLine()
                            + "): " + p.getMessage())).reduce((a, b) -> a + "\n" + b).orElse(e.getMessage()), e);
        }
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
     * executor finishes async parts. A start that the process serving Camunda's file took with it when it stopped
     * ({@link HandOver}) is tried again, unless it committed before the server stopped: then its run is there.
     * @return the run's process instance id
     */
    public String start(String workflow, Map<String, Object> variables) {
        if (!variables.containsKey(RunVariables.RUN_ID)) {
            throw new IllegalArgumentException("a run needs a " + RunVariables.RUN_ID);
        }
        String runId = variables.get(RunVariables.RUN_ID).toString();
        Map<String, Object> owned = new HashMap<>(variables);
        owned.put(RunVariables.OWNER_TOKEN, owner.token());
        RuntimeService runtime = processEngine.getRuntimeService();
        AtomicBoolean again = new AtomicBoolean();
        try {
            return HandOver.waitedOut(() -> {
                Optional<String> started = again.getAndSet(true) ? startedBefore(runId) : Optional.empty();
                return started.orElseGet(() -> runtime.startProcessInstanceByKey(workflow, runId, owned).getId());
            }, e -> LOG.info("run {}: the engine's database was handed over from a process that stopped during its start; starting again", runId));
        } catch (RuntimeException e) {
            // Camunda rolled the start back, but the history commits on its own: do not leave the run "running" forever
            history.runEnded(runId, RunRecord.FAILED, e.getMessage(), settings.clock().instant());
            throw e;
        }
    }

    /**
     * The process instance of a run whose start committed although the reply was lost: the run's history row names the
     * instance its start listener saw, and the engine still has it, or the run has ended since.
     */
    private Optional<String> startedBefore(String runId) {
        return history.run(runId).filter(run -> run.processInstanceId() != null && (run.ended() != null
                || processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceId(run.processInstanceId()).count() > 0))
                .map(RunRecord::processInstanceId);
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
        retoken(instances, owner.token());
        ManagementService management = processEngine.getManagementService();
        commandExecutor().execute(new UnlockJobs(instances.stream()
                .flatMap(instance -> management.createJobQuery().processInstanceId(instance).list().stream()).map(Job::getId).toList()));
        jobExecutor().jobWasAdded(); // its jobs are this executor's now: it looks at once, it is not polling
        history.action(run.runId(), null, why + "; resumed by " + owner.describe(), settings.clock().instant());
    }

    /**
     * Ends a run for good, whoever carries it: recorded first (so its own end listener cannot call it
     * succeeded), then disowned (its jobs no longer carry any owner's token, so no engine starts another of
     * them), then its process instance deleted; a job running at that moment in its owner's process may still
     * finish, but nothing after it runs.
     * @param outcome {@link RunRecord#ABORTED}, {@link RunRecord#SUPERSEDED} or {@link RunRecord#INTERRUPTED}
     */
    public void end(RunRecord run, String outcome, String detail) {
        history.runClosed(run.runId(), outcome, detail, settings.clock().instant());
        List<String> instances = processInstances(run);
        if (instances.isEmpty()) {
            return;
        }
        retoken(instances, OwnerPriority.UNOWNED);
        String reason = outcome + ": " + detail;
        if (!InstanceDeletion.delete(configuration(), instances.get(0), reason, 1)) {
            // a job of the run is executing right now: delete once it committed, without holding up the caller
            // (a superseding emergency shutdown starts at once); being disowned, the run starts no further job
            LOG.info("run {}: its process instance is busy; deleting it in the background", run.runId());
            enders.execute(() -> {
                if (!InstanceDeletion.delete(configuration(), instances.get(0), reason, DELETE_ATTEMPTS)) {
                    LOG.warn("run {}: its process instance {} could not be deleted; none of its jobs will start again",
                            run.runId(), instances.get(0));
                }
            });
        }
    }

    /** Gives the run's variable and every job of its instances this token; a job busy elsewhere keeps its own. */
    private void retoken(List<String> instances, long token) {
        ManagementService management = processEngine.getManagementService();
        try {
            processEngine.getRuntimeService().setVariable(instances.get(0), RunVariables.OWNER_TOKEN, token);
        } catch (OptimisticLockingException e) {
            LOG.debug("owner token of process instance {} changed meanwhile: {}", instances.get(0), e.getMessage());
        }
        for (String instance : instances) {
            for (Job job : management.createJobQuery().processInstanceId(instance).list()) {
                try {
                    management.setJobPriority(job.getId(), token);
                } catch (OptimisticLockingException e) {
                    LOG.debug("job {} is busy: {}", job.getId(), e.getMessage());
                }
            }
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
        return configuration().getCommandExecutorTxRequired();
    }

    private ProcessEngineConfigurationImpl configuration() {
        return (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
    }

    public void startJobExecutor() {
        jobExecutor().start();
    }

    /**
     * Parses every workflow of the catalog into the engine's cache now, as the first start of each would: the
     * daemon does it after boot, so its first emergency trigger does not pay for it.
     */
    public void loadWorkflows() {
        commandExecutor().execute(context -> {
            catalog.origins().keySet().forEach(configuration().getDeploymentCache()::findDeployedLatestProcessDefinitionByKey);
            return null;
        });
    }

    private JobExecutor jobExecutor() {
        return configuration().getJobExecutor();
    }

    @Override
    public void close() {
        jobExecutor().shutdown();
        // a deletion under way retries only while a job of the instance runs, and the job executor has stopped
        LetFinish.stop(enders, ENDERS_WAIT, "the deletion of a busy run's process instance");
        heartbeat.stop();
        // the two files close at once, H2 compacting each as its last connection goes (~0.1 s each on a slow disk):
        // the history's with the delegates' resources, which hold a pool over it too
        CompletableFuture<Void> historyClosed = Futures.started("history-close", () -> {
            history.close();
            closeDelegateResources();
            return null;
        });
        processEngine.close();
        Futures.joined(historyClosed);
    }

    private void closeDelegateResources() {
        try {
            settings.delegateResources().close();
        } catch (Exception e) {
            LOG.warn("closing the delegates' connections failed: {}", e.toString());
        }
    }

    /** The history exists only once the engine has built its data source; listeners reach it through this. */
    private static final class HistoryHolder {
        volatile RunHistory history;
    }
}
