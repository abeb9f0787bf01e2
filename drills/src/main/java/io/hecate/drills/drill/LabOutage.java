package io.hecate.drills.drill;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.hecate.connectors.kube.FluxRef;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.lab.LabSpec;
import io.hecate.drills.run.EngineSession;
import io.hecate.drills.run.FinishedRun;
import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.FluxSuspensions;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.stage.Wait;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.RunMode;

/**
 * A drill's lab: Titan's shape in the target dir, taken through Hecate's full shutdown (etcd snapshot, Flux
 * suspended, every node powered off) and mains back, so the drill can break something before the startup.
 * Startup waits are shortened so a drill takes seconds, not minutes.
 */
final class LabOutage implements AutoCloseable {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);
    private static final Duration POWER_OFF_LIMIT = Duration.ofSeconds(15);
    private static final Map<String, Object> QUICK = Map.of("startup.api_timeout_seconds", 5,
            "startup.nodes_ready_timeout_seconds", 15, "startup.time_sync_timeout_seconds", 5,
            "startup.storage_timeout_seconds", 5, "flux.ready_timeout_seconds", 15);

    private final Lab lab;
    private final PrintWriter out;
    private EngineSession engine;
    private List<FluxRef> suspendedByShutdown = List.of();

    private LabOutage(Lab lab, PrintWriter out) {
        this.lab = lab;
        this.out = out;
    }

    static LabOutage start(Path dir, PrintWriter out) {
        Lab lab = Lab.start(LabSpec.defaults(dir));
        QUICK.forEach(lab::configure);
        out.println("lab: " + lab.nodes().size() + " nodes up, config " + lab.configFile());
        out.flush();
        return new LabOutage(lab, out);
    }

    Lab lab() {
        return lab;
    }

    /** Before {@link #shutDown()}: the engine reads the config when it opens. */
    void configure(String dottedKey, Object value) {
        if (engine != null) {
            throw new IllegalStateException("configure " + dottedKey + " before the shutdown");
        }
        lab.configure(dottedKey, value);
    }

    HecateConfig config() {
        return engine().config();
    }

    /** The full shutdown with execute, every node powered off, then mains back: the cluster waits for Hecate. */
    void shutDown() throws InterruptedException {
        FinishedRun shutdown = run(HecateWorkflows.SHUTDOWN, "drill: power cut");
        if (!shutdown.succeeded()) {
            throw new DrillFailure("the shutdown before the breakage failed (" + shutdown.run().outcome() + ": "
                    + shutdown.run().detail() + "), so there is no recovery to verify");
        }
        long deadline = System.nanoTime() + POWER_OFF_LIMIT.toNanos();
        while (lab.nodes().stream().anyMatch(LabNode::poweredOn)) {
            if (System.nanoTime() > deadline) {
                throw new DrillFailure("after the shutdown, expected every node powered off within "
                        + POWER_OFF_LIMIT.toSeconds() + " s, saw still on: "
                        + lab.nodes().stream().filter(LabNode::poweredOn).map(LabNode::name).toList());
            }
            Thread.sleep(50);
        }
        suspendedByShutdown = FluxSuspensions.of(config()).read();
        lab.powerOnAll();
        step("every node powered off; mains back, nodes booted, k3s not started");
    }

    /** What the shutdown listed as suspended by Hecate, for startup to resume. */
    List<FluxRef> suspendedByShutdown() {
        return suspendedByShutdown;
    }

    FinishedRun startup() throws InterruptedException {
        return run(HecateWorkflows.STARTUP, "drill: mains restored");
    }

    private FinishedRun run(String workflow, String reason) throws InterruptedException {
        EngineSession session = engine();
        String runId = session.start(workflow, Trigger.DRILL, RunMode.DRILL, true, reason, Map.of(Wait.INTERVAL, "PT1S"));
        step(workflow + " " + runId + " started (execute)");
        FinishedRun run;
        try {
            run = session.await(runId, RUN_LIMIT, event -> { });
        } catch (IllegalStateException e) {
            throw new DrillFailure("expected " + workflow + " to end, saw: " + e.getMessage());
        }
        step(workflow + " " + runId + " " + run.run().outcome() + " in " + run.run().duration().toMillis() + " ms");
        return run;
    }

    void step(String text) {
        out.println("lab: " + text);
        out.flush();
    }

    private EngineSession engine() {
        if (engine == null) {
            engine = EngineSession.open(lab.configFile());
        }
        return engine;
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        lab.close();
    }
}
