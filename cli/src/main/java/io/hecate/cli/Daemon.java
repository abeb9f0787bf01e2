package io.hecate.cli;

import io.hecate.cli.ui.RunViewer;
import io.hecate.connectors.nut.NutClient;
import io.hecate.connectors.nut.NutSettings;
import io.hecate.connectors.nut.UpsTarget;
import io.hecate.engine.Refusal;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.Budget;
import io.hecate.engine.history.HistoryException;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.metrics.HecateMetrics;
import io.hecate.engine.metrics.RunMetrics;
import io.hecate.engine.power.PowerWatch;
import io.hecate.engine.power.UpsSample;
import io.hecate.engine.power.RestorePolicy;
import io.hecate.engine.power.RestoreWatch;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.workflows.PowerRestore;
import io.hecate.workflows.RunLifecycle;
import io.hecate.workflows.ShutdownBudgets;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.WorkflowRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code hecate daemon} runs: the engine with its job executor (which runs only the runs this daemon
 * owns), the {@link OrphanWatch} (finishes an emergency shutdown whose owner died), the metrics endpoint, the
 * read-only {@link RunViewer}, the {@link PowerWatch} on its own thread with {@link EmergencyTrigger} as its action,
 * and {@link PowerRestore} to bring the cluster back after a completed power-triggered shutdown. {@link #close()}
 * stops in order: polling, the job executor and
 * the engine (waiting for running jobs), then NUT and the metrics.
 */
final class Daemon implements AutoCloseable {

    static final Duration NUT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final HecateConfig config;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private HecateEngine engine;
    private HecateMetrics metrics;
    private PowerWatch watch;
    private Thread watchThread;
    private RunViewer viewer;
    private DaemonWarmUp warmUp;

    private Daemon(HecateConfig config) {
        this.config = config;
    }

    static Daemon start(HecateConfig config, Clock clock) {
        Daemon daemon = new Daemon(config);
        try {
            daemon.boot(clock);
            return daemon;
        } catch (RuntimeException | Error e) {
            daemon.close();
            throw e;
        }
    }

    private void boot(Clock clock) {
        refuseBesideAnother();
        HecateEngine.prepare();
        metrics = new HecateMetrics();
        opened.add(metrics);
        WorkflowContext context = new WorkflowContext(config, clock);
        engine = WorkflowRuntime.open(config, context);
        opened.add(engine);
        SessionsOnBattery sessions = new SessionsOnBattery(context, managedNodes(config.nodes()));
        opened.add(sessions);
        engine.startJobExecutor();
        RunLifecycle lifecycle = new RunLifecycle(engine, config.stateDir(), clock);
        lifecycle.closeHostRestarted();
        OrphanWatch orphans = new OrphanWatch(lifecycle);
        opened.add(orphans);
        // before the first poll: a UPS still low must find the dead daemon's emergency shutdown taken over, not superseded
        orphans.lookNow();
        orphans.start();
        Listening.on(config, "metrics.listen", config.metrics().listen(), () -> metrics.serve(config.metrics().listen()));
        metrics.role(config.coordination().role());
        IntentStore intents = new IntentStore(config.intentFile(), clock);
        RunMetrics runMetrics = new RunMetrics(engine.history(), intents, metrics);
        runMetrics.refresh();
        NutClient nut = new NutClient(nutSettings(config.ups()));
        opened.add(nut);
        ShutdownBudgets budgets = new ShutdownBudgets(engine.history(), config.shutdown());
        RestoreWatch restore = new RestoreWatch(new RestorePolicy(config.ups().mainsRestore(), config.restore().minBatteryCharge()),
                new PowerRestore(config, engine, clock, Map.of()), metrics);
        warmUp = new DaemonWarmUp(config, engine);
        opened.add(warmUp);
        watch = new PowerWatch(config.ups(), nut::read, () -> emergencyBudget(budgets), metrics,
                new EmergencyTrigger(config, engine, clock), restore, runMetrics::refresh, clock, sessions.andThen(warmUp));
        opened.add(watch);
        watchThread = new Thread(watch::run, "power-watch");
        watchThread.start();
        viewer = Listening.on(config, "ui.listen", config.ui().listen(),
                () -> RunViewer.serve(config.ui().listen(), config.engineDir(), StatusReport.panel(this::status), RunsCommand.PRINTOUT));
        opened.add(viewer);
        DaemonPresence.announce(config.stateDir(), viewer.address());
        opened.add(() -> DaemonPresence.withdraw(config.stateDir()));
        warmUp.start();
        log.info("daemon: {} ({}), UPS {}, metrics on port {} (metrics.listen {}), path /metrics, run viewer on {}",
                config.clusterName(), config.coordination().role(), config.ups().target(), metricsPort(), config.metrics().listen(),
                viewer.address());
    }

    /**
     * Two daemons over one state dir would both act on one outage: a second one refuses while the first answers as
     * the pid it announced (a file left by a killed daemon, or a pid reused since, is no daemon).
     */
    private void refuseBesideAnother() {
        DaemonPresence other = DaemonPresence.of(config.stateDir());
        if (other.ask("api/status.txt").isPresent()) {
            throw new Refusal("another hecate daemon (pid " + other.pid() + ", run viewer " + other.viewer() + ") already protects "
                    + config.stateDir() + "; two would both act on one outage: stop it first (systemctl stop hecate)");
        }
    }

    /** What {@code hecate status} and the viewer's power panel show, with the readings of the latest poll. */
    private StatusReport status() {
        UpsSample ups = watch.lastSample().orElseGet(() -> StatusReport.readUps(config.ups()));
        return StatusReport.read(config, Optional.of(engine.history()), ups, StatusReport.coordinator(config),
                DaemonPresence.self(viewer == null ? config.ui().listen() : viewer.address()));
    }

    /** Every node a run may command (the shell skips those outside ssh_managed_nodes). */
    private static List<String> managedNodes(HecateConfig.Nodes nodes) {
        List<String> all = new ArrayList<>(nodes.cluster());
        nodes.otherHosts().stream().filter(host -> !all.contains(host)).forEach(all::add);
        return all;
    }

    static NutSettings nutSettings(HecateConfig.Ups ups) {
        UpsTarget target = UpsTarget.parse(ups.target());
        return ups.username().isEmpty() ? NutSettings.anonymous(target, NUT_TIMEOUT)
                : new NutSettings(target, ups.username(), ups.password(), NUT_TIMEOUT);
    }

    /** Learned from power-triggered emergency runs, else the config; an unreadable history falls back to the config. */
    private Budget emergencyBudget(ShutdownBudgets budgets) {
        Duration configured = config.shutdown().estimatedEmergencyShutdownBudget();
        try {
            return budgets.emergency();
        } catch (HistoryException e) {
            log.warn("daemon: cannot read the run history for the learned budget, using the config's: {}", e.getMessage());
            return new Budget(configured, 0, Budget.Source.CONFIG);
        }
    }

    HecateEngine engine() {
        return engine;
    }

    PowerWatch watch() {
        return watch;
    }

    DaemonWarmUp warmUp() {
        return warmUp;
    }

    RunViewer viewer() {
        return viewer;
    }

    int metricsPort() {
        return metrics.port();
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.stop();
        }
        if (watchThread != null) {
            try {
                watchThread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // the watch first (no new run starts), then the engine: its close stops the job executor, waiting for jobs
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                log.warn("daemon: closing {} failed: {}", opened.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        opened.clear();
        log.info("daemon: stopped");
    }
}
