package io.hecate.engine.runtime;

import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
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
    private static final String DEPLOYMENT = "hecate";
    private static final int JOB_THREADS = 8;

    private final EngineSettings settings;
    private final ProcessEngine processEngine;
    private final RunHistory history;
    private final WorkflowCatalog catalog;

    private HecateEngine(EngineSettings settings, ProcessEngine processEngine, RunHistory history, WorkflowCatalog catalog) {
        this.settings = settings;
        this.processEngine = processEngine;
        this.history = history;
        this.catalog = catalog;
    }

    /** Validates the BPMN first (nothing is created when it is bad), then boots the engine and deploys. */
    public static HecateEngine start(EngineSettings settings) {
        WorkflowCatalog catalog = WorkflowCatalog.of(settings.builtInWorkflows(), settings.overrideDir(),
                new WorkflowValidator(settings.delegates().keySet()));
        HistoryHolder holder = new HistoryHolder();
        StandaloneProcessEngineConfiguration configuration = configuration(settings, holder);
        ProcessEngine engine = configuration.buildProcessEngine();
        try {
            RunHistory history = new RunHistory(configuration.getDataSource());
            holder.history = history;
            HecateEngine hecate = new HecateEngine(settings, engine, history, catalog);
            hecate.deploy();
            return hecate;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    private static StandaloneProcessEngineConfiguration configuration(EngineSettings settings, HistoryHolder holder) {
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

    /** Starts a workflow; the variables must hold {@link RunVariables#RUN_ID}. The job executor finishes async parts. */
    public ProcessInstance start(String workflow, Map<String, Object> variables) {
        if (!variables.containsKey(RunVariables.RUN_ID)) {
            throw new IllegalArgumentException("a run needs a " + RunVariables.RUN_ID);
        }
        String runId = variables.get(RunVariables.RUN_ID).toString();
        try {
            return processEngine.getRuntimeService().startProcessInstanceByKey(workflow, runId, variables);
        } catch (RuntimeException e) {
            // Camunda rolled the start back, but the history commits on its own: do not leave the run "running" forever
            history.runEnded(runId, RunRecord.FAILED, e.getMessage(), settings.clock().instant());
            throw e;
        }
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
        processEngine.close();
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
