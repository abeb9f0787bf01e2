package io.hecate.drills.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.engine.runtime.RunEvent;
import io.hecate.engine.runtime.RunFollower;
import io.hecate.engine.runtime.RunIds;
import io.hecate.engine.runtime.RunVariables;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.WorkflowRuntime;

/**
 * The real engine on a config file, job executor running, as the daemon has it: starts workflows with the
 * variables the CLI passes and waits for them in the run history. For the demo, the drills, the benchmark
 * and the process tests.
 */
public final class EngineSession implements AutoCloseable {

    /** Handshakes at once when opening sessions ahead, as the daemon does on battery. */
    private static final int PARALLEL_HANDSHAKES = 16;

    private final HecateConfig config;
    private final WorkflowContext context;
    private final HecateEngine engine;
    private final Clock clock;

    private EngineSession(HecateConfig config, WorkflowContext context, HecateEngine engine, Clock clock) {
        this.config = config;
        this.context = context;
        this.engine = engine;
        this.clock = clock;
    }

    public static EngineSession open(Path configFile) {
        Clock clock = Clock.systemUTC();
        HecateConfig config = ConfigLoader.load(configFile);
        WorkflowContext context = new WorkflowContext(config, clock);
        HecateEngine engine = WorkflowRuntime.open(config, context);
        try {
            engine.startJobExecutor();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return new EngineSession(config, context, engine, clock);
    }

    /** Opens an SSH session to every cluster node now, as the daemon does from the first on-battery poll; the runs use them. */
    public List<String> openSessions() {
        return context.warmUp(config.nodes().cluster(), PARALLEL_HANDSHAKES);
    }

    public HecateConfig config() {
        return config;
    }

    public RunHistory history() {
        return engine.history();
    }

    public HecateEngine engine() {
        return engine;
    }

    /** Starts a run and returns its id at once; the job executor carries it. */
    public String start(String workflow, Trigger trigger, RunMode mode, boolean execute, String reason) {
        return start(workflow, trigger, mode, execute, reason, Map.of());
    }

    /** @param facts further run facts the workflow reads (primitives), e.g. a Flux branch to force */
    public String start(String workflow, Trigger trigger, RunMode mode, boolean execute, String reason, Map<String, Object> facts) {
        String runId = RunIds.next(clock);
        Map<String, Object> variables = RunVariables.of(runId, trigger.wire(), mode.wire(), execute, reason);
        facts.forEach(variables::putIfAbsent);
        engine.start(workflow, variables);
        return runId;
    }

    /** True when the engine deployed the workflow (built in, or from the override dir). */
    public boolean deployed(String workflow) {
        return engine.processEngine().getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(workflow)
                .count() > 0;
    }

    /** Waits for the run to end, handing every stage, action and the end to {@code follower}. */
    public FinishedRun await(String runId, Duration limit, Consumer<RunEvent> follower) throws InterruptedException {
        RunRecord run = new RunFollower(engine.history()).follow(runId, limit, follower);
        if (run == null || run.running()) {
            throw new IllegalStateException("run " + runId + " did not end within " + limit.toSeconds() + " s");
        }
        return new FinishedRun(run, engine.history().stages(runId), engine.history().actions(runId));
    }

    public FinishedRun run(String workflow, Trigger trigger, RunMode mode, boolean execute, Duration limit)
            throws InterruptedException {
        return await(start(workflow, trigger, mode, execute, null), limit, event -> { });
    }

    @Override
    public void close() {
        engine.close();
    }
}
