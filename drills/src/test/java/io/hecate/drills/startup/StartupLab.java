package io.hecate.drills.startup;

import static org.awaitility.Awaitility.await;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.lab.LabSpec;
import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.engine.runtime.RunFollower;
import io.hecate.engine.runtime.RunIds;
import io.hecate.engine.runtime.RunVariables;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.WorkflowRuntime;
import io.hecate.workflows.stage.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab after a power loss, and Hecate's engine on it: {@link #coldAfterShutdown()} runs the real full
 * shutdown and brings the mains back; {@link #run} starts a workflow like the CLI does and waits for its end.
 * Timeouts in the lab's hecate.yaml are rewritten short with {@link #set}; timers tick every second.
 */
public final class StartupLab implements AutoCloseable {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    public final Lab lab;
    private HecateEngine engine;

    public StartupLab(Path dir) {
        lab = Lab.start(LabSpec.defaults(dir));
        set("api_timeout_seconds", "5");
        set("nodes_ready_timeout_seconds", "10");
        set("time_sync_timeout_seconds", "3");
        set("storage_timeout_seconds", "3");
        set("ready_timeout_seconds", "10");
    }

    /** Rewrites the first {@code key: value} line of the lab's hecate.yaml (keys of the startup section are unique). */
    public StartupLab set(String key, String value) {
        if (engine != null) {
            throw new IllegalStateException("set config before the engine opens");
        }
        try {
            String text = Files.readString(lab.configFile());
            Matcher line = Pattern.compile("(?m)^(\\s*)" + Pattern.quote(key) + ":.*$").matcher(text);
            if (!line.find()) {
                throw new IllegalArgumentException("no key " + key + " in " + lab.configFile());
            }
            Files.writeString(lab.configFile(), text.substring(0, line.start()) + line.group(1) + key + ": " + value
                    + text.substring(line.end()));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HecateConfig config() {
        return ConfigLoader.load(lab.configFile());
    }

    public HecateEngine engine() {
        if (engine == null) {
            engine = WorkflowRuntime.open(config(), Clock.systemUTC());
            engine.startJobExecutor();
        }
        return engine;
    }

    /** Closes the engine: the next {@link #engine()} opens a new one on the config as it is then (an edited override deployed). */
    public void closeEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /** The full shutdown (etcd snapshot, Flux suspended, everything powered off), then mains back. */
    public StartupLab coldAfterShutdown() {
        return coldAfter(HecateWorkflows.SHUTDOWN);
    }

    /** The faster emergency shutdown, with an etcd snapshot so a restore has one; then mains back. */
    public StartupLab coldAfterEmergency() {
        set("emergency_skip_etcd_snapshot", "false");
        return coldAfter(HecateWorkflows.EMERGENCY_SHUTDOWN);
    }

    private StartupLab coldAfter(String shutdownWorkflow) {
        offAfter(shutdownWorkflow);
        lab.powerOnAll();
        return this;
    }

    /** Runs the (built-in or overridden) shutdown workflow and waits until every node is off; the mains stay off. */
    public StartupLab offAfter(String shutdownWorkflow) {
        RunRecord shutdown = run(shutdownWorkflow, Map.of());
        if (!RunRecord.SUCCEEDED.equals(shutdown.outcome())) {
            throw new IllegalStateException("shutdown before the cold start failed: " + shutdown);
        }
        // poweroff answers at once and the node goes down a moment later, as a real host does
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        return this;
    }

    public RunRecord startup(Map<String, Object> facts) {
        return run(HecateWorkflows.STARTUP, facts);
    }

    public RunRecord run(String workflow, Map<String, Object> facts) {
        String runId = RunIds.next(Clock.systemUTC());
        Map<String, Object> variables = new HashMap<>(facts);
        variables.put(RunVariables.RUN_ID, runId);
        variables.put(RunVariables.TRIGGER, Trigger.DRILL.wire());
        variables.put(RunVariables.MODE, RunMode.DRILL.wire());
        variables.putIfAbsent(RunVariables.EXECUTE, true);
        variables.put(Wait.INTERVAL, "PT1S");
        engine().start(workflow, variables);
        try {
            RunRecord run = new RunFollower(engine().history()).follow(runId, RUN_LIMIT, event -> { });
            if (run == null || run.running()) {
                throw new IllegalStateException(workflow + " run " + runId + " did not end within " + RUN_LIMIT + ": " + actions(runId));
            }
            return run;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stage ids in the order they started, a stage repeated by a wait loop or per node listed once per streak. */
    public List<String> stageOrder(String runId) {
        List<String> order = new ArrayList<>();
        for (StageRecord stage : engine().history().stages(runId)) {
            if (order.isEmpty() || !order.get(order.size() - 1).equals(stage.stage())) {
                order.add(stage.stage());
            }
        }
        return order;
    }

    /** For failure messages: every stage row with its start time, node and outcome. */
    public String timeline(String runId) {
        StringBuilder text = new StringBuilder();
        engine().history().stages(runId).forEach(s -> text.append(s.started()).append(' ').append(s.stage())
                .append(s.node() == null ? "" : " " + s.node()).append(' ').append(s.outcome()).append('\n'));
        return text.toString();
    }

    public String explain(String runId) {
        return timeline(runId) + String.join("\n", actions(runId));
    }

    public List<String> actions(String runId) {
        return engine().history().actions(runId).stream().map(a -> a.stage() + ": " + a.text()).toList();
    }

    public List<ActionRecord> actionRecords(String runId) {
        return engine().history().actions(runId);
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        lab.close();
    }
}
