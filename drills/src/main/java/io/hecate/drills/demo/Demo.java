package io.hecate.drills.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.hecate.connectors.nut.NutClient;
import io.hecate.connectors.nut.NutSettings;
import io.hecate.connectors.nut.UpsTarget;
import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabEvent;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.lab.LabSpec;
import io.hecate.drills.run.EngineSession;
import io.hecate.drills.run.FinishedRun;
import io.hecate.engine.FileTrees;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.Budget;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.metrics.HecateMetrics;
import io.hecate.engine.power.PollListener;
import io.hecate.engine.power.PowerWatch;
import io.hecate.engine.power.RestorePolicy;
import io.hecate.engine.power.RestoreState;
import io.hecate.engine.power.RestoreWatch;
import io.hecate.engine.power.TriggerAction;
import io.hecate.engine.runtime.RunEvent;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.PowerRestore;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.ShutdownBudgets;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.stage.Wait;

/**
 * {@code hecate demo}: one outage on a simulated Titan, in one process. The lab starts; mains fail and the
 * battery drains; the daemon's {@link PowerWatch}, polling the UPS through the real NUT client, fires and its
 * action starts the emergency shutdown, which stops and powers off every node; mains return with a drained
 * battery; once mains are stable and the battery has recharged to restore.min_battery_charge, the same watch
 * starts hecate-power-restore, which wakes every node (Wake-on-LAN to each lab node's own port) and runs the
 * staged startup back to intent normal. No manual step. Then the timeline (lab events and stages, in time
 * order) and the run history.
 */
public final class Demo {

    private static final Duration DRAIN_STEP = Duration.ofMillis(500);
    private static final Duration TRIGGER_LIMIT = Duration.ofSeconds(30);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    /** Battery charge and runtime left, one step every {@link #DRAIN_STEP} once mains fail. */
    private static final int[][] DRAIN = {{90, 1200}, {70, 600}, {50, 300}, {35, 120}, {25, 60}, {20, 36}, {15, 30},
        {12, 24}, {10, 18}, {8, 12}, {6, 6}};
    /** Battery charge and runtime once mains are back, one step every {@link #DRAIN_STEP}. */
    private static final int[][] RECHARGE = {{15, 40}, {20, 60}, {25, 90}, {30, 120}, {35, 200}, {40, 300}, {45, 400},
        {55, 900}, {70, 1300}};
    private static final Trigger TRIGGER = Trigger.UPS;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    /** One line of the demo's timeline. */
    public record Entry(Instant at, String source, String text) {
    }

    /** What happened, for the caller (and DemoIT) to check. */
    public record Report(List<Entry> timeline, List<RunRecord> runs, boolean allPoweredOff, String intent,
                         int nodesReady, int nodes, boolean workloadsReady, boolean ok, Path configFile) {
    }

    private final PrintWriter out;
    /** Written by the power watch's threads too. */
    private final List<Entry> steps = Collections.synchronizedList(new ArrayList<>());
    private Instant began;

    public Demo(PrintWriter out) {
        this.out = out;
    }

    public Report run() throws IOException, InterruptedException {
        return run(report -> { });
    }

    /** Runs in a temp dir that is removed afterwards; {@code beforeCleanup} sees the report while its files (config, H2) exist. */
    public Report run(BeforeCleanup beforeCleanup) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hecate-demo");
        try {
            Report report = run(dir);
            beforeCleanup.accept(report);
            return report;
        } finally {
            FileTrees.deleteQuietly(dir);
        }
    }

    /** What a caller does with the demo's files before they are removed, e.g. serve the run viewer on its history. */
    public interface BeforeCleanup {
        void accept(Report report) throws InterruptedException;
    }

    public Report run(Path dir) throws InterruptedException {
        began = Instant.now();
        out.println("hecate demo: a simulated Titan (3 control planes, 5 workers) goes through a power outage and back");
        out.println();
        Duration quick = Duration.ofMillis(300);
        LabSpec spec = new LabSpec(3, 5, Duration.ofMillis(800), Duration.ofMillis(500), quick, quick, dir, false);
        try (Lab lab = Lab.start(spec)) {
            step("lab", "up: " + lab.nodes().size() + " nodes over SSH (each wakes on a Wake-on-LAN packet), Kubernetes API, UPS "
                    + lab.ups().target() + ", Vault; config " + lab.configFile());
            try (EngineSession engine = EngineSession.open(lab.configFile())) {
                step("hecate", "engine up (Camunda on H2 in " + engine.config().engineDir() + ")");
                Story story = new Story(lab, engine);
                FinishedRun emergency = story.outage();
                boolean poweredOff = awaitPoweredOff(lab);
                step("lab", poweredOff ? "every node is powered off" : "NOT every node powered off: " + stillOn(lab));
                FinishedRun restore = story.mainsBack();
                String intent = new IntentStore(engine.config().intentFile()).read().effectiveState().map(IntentState::wire)
                        .orElse("unknown");
                List<String> readyNodes = readyNodes(lab);
                List<String> unready = unreadyDeployments(lab);
                boolean workloadsReady = unready.isEmpty();
                step("lab", "after the restore: intent " + intent + ", " + readyNodes.size() + "/" + lab.nodes().size()
                        + " nodes Ready, " + (workloadsReady ? "every Deployment ready" : "Deployments not ready: " + unready)
                        + ", Vault " + (lab.vault().sealed() ? "sealed" : "unsealed"));
                List<Entry> timeline = timeline(lab.events(), engine, emergency, restore);
                List<RunRecord> runs = engine.history().runs(10);
                printTimeline(timeline);
                printRuns(runs);
                boolean ok = emergency != null && emergency.succeeded() && poweredOff && restore != null && restore.succeeded()
                        && intent.equals(IntentState.NORMAL.wire()) && readyNodes.size() == lab.nodes().size() && workloadsReady;
                out.println();
                out.println(ok ? "demo: done, the outage went as designed" : "demo: FAILED, see the timeline above");
                return new Report(timeline, runs, poweredOff, intent, readyNodes.size(), lab.nodes().size(), workloadsReady, ok,
                        lab.configFile());
            }
        }
    }

    /**
     * The daemon's power watch over the whole story, as {@code hecate daemon} runs it on a coordinator: its trigger
     * starts the emergency shutdown; its restore watch powers the nodes back on and starts the staged startup once
     * mains are stable and the battery has recharged.
     */
    private final class Story {
        private final Lab lab;
        private final EngineSession engine;
        private final CompletableFuture<String> emergency = new CompletableFuture<>();
        private final AtomicReference<PowerWatch> watching = new AtomicReference<>();
        private final AtomicReference<RestoreWatch> restoring = new AtomicReference<>();
        private RestoreState lastRestoreState = RestoreState.IDLE;

        Story(Lab lab, EngineSession engine) {
            this.lab = lab;
            this.engine = engine;
        }

        /**
         * Mains fail and the battery drains while the power watch polls the UPS; its trigger action starts the
         * emergency shutdown.
         */
        FinishedRun outage() throws InterruptedException {
            HecateConfig config = engine.config();
            Budget budget = new ShutdownBudgets(engine.history(), config.shutdown()).emergency();
            step("hecate", "power watch: emergency budget " + budget.value().toSeconds() + " s (" + budget.source().name()
                    .toLowerCase(Locale.ROOT) + ", " + budget.samples() + (budget.samples() == 1 ? " sample" : " samples") + "); trigger when runtime <= "
                    + config.ups().runtimeSafetyFactor() + " x budget for " + config.ups().debouncePolls() + " polls; restore"
                    + " when mains are back " + config.ups().mainsRestore().toSeconds() + " s and the charge is >= "
                    + config.restore().minBatteryCharge() + "%");
            NutSettings nut = new NutSettings(UpsTarget.parse(config.ups().target()), config.ups().username(),
                    config.ups().password(), Duration.ofSeconds(2));
            TriggerAction startEmergency = decision -> {
                step("hecate", "TRIGGER: starting " + HecateWorkflows.EMERGENCY_SHUTDOWN);
                emergency.complete(engine.start(HecateWorkflows.EMERGENCY_SHUTDOWN, TRIGGER, RunMode.EMERGENCY, true,
                        decision.reason()));
            };
            HecateMetrics metrics = new HecateMetrics();
            RestoreWatch restore = new RestoreWatch(new RestorePolicy(config.ups().mainsRestore(),
                    config.restore().minBatteryCharge()), new PowerRestore(config, engine.engine(), Clock.systemUTC(),
                    Map.of(Wait.INTERVAL, "PT1S")), metrics);
            restoring.set(restore);
            NutClient ups = new NutClient(nut);
            PowerWatch watch = new PowerWatch(config.ups(), ups::read, () -> budget, metrics, startEmergency, restore,
                    this::printPoll, Clock.systemUTC(), PollListener.NONE);
            watching.set(watch);
            Thread polling = new Thread(() -> {
                try (ups; metrics; watch) {
                    watch.run();
                }
            }, "demo-power-watch");
            polling.setDaemon(true);
            polling.start();
            lab.ups().onBattery();
            step("ups", "mains fail: UPS on battery");
            long deadline = System.nanoTime() + TRIGGER_LIMIT.toNanos();
            int level = 0;
            while (!emergency.isDone() && System.nanoTime() < deadline) {
                if (level < DRAIN.length) {
                    lab.ups().drainTo(DRAIN[level][0], DRAIN[level][1]);
                    level++;
                }
                Thread.sleep(DRAIN_STEP.toMillis());
            }
            if (!emergency.isDone()) {
                step("hecate", "the power watch did not trigger within " + TRIGGER_LIMIT.toSeconds() + " s");
                watch.stop();
                return null;
            }
            return follow(engine, emergency.join());
        }

        /** Mains return with a low battery that recharges; the restore run is followed to its end. */
        FinishedRun mainsBack() throws InterruptedException {
            lab.ups().onMains();
            step("ups", "mains restored: UPS " + lab.ups().status() + ", battery " + lab.ups().var("battery.charge")
                    + "%; every node stays off until Hecate wakes it");
            long deadline = System.nanoTime() + TRIGGER_LIMIT.toNanos();
            Optional<RunRecord> run = Optional.empty();
            int level = 0;
            while (run.isEmpty() && System.nanoTime() < deadline) {
                if (level < RECHARGE.length) {
                    lab.ups().drainTo(RECHARGE[level][0], RECHARGE[level][1]);
                    level++;
                }
                Thread.sleep(DRAIN_STEP.toMillis());
                run = engine.history().runs(5).stream()
                        .filter(r -> r.workflow().equals(HecateWorkflows.POWER_RESTORE)).findFirst();
            }
            try {
                if (run.isEmpty()) {
                    step("hecate", "no power restore started within " + TRIGGER_LIMIT.toSeconds() + " s");
                    return null;
                }
                FinishedRun restored = follow(engine, run.get().runId());
                restored.actions().stream().filter(a -> a.text().startsWith("cluster normal"))
                        .forEach(a -> step("hecate", "restore: " + a.text()));
                return restored;
            } finally {
                watching.get().stop();
            }
        }

        private void printPoll() {
            PowerWatch watch = watching.get();
            if (watch == null) {
                return;
            }
            watch.lastDecision().filter(d -> !emergency.isDone() || d.trigger()).ifPresent(decision -> step("hecate", "poll: "
                    + String.join(" ", new TreeSet<>(decision.flags()).descendingSet()) + ", runtime "
                    + (decision.runtimeSeconds().isPresent() ? decision.runtimeSeconds().getAsLong() + " s" : "unknown")
                    + ", threshold " + decision.thresholdSeconds() + " s -> " + decision.reason()));
            restoring.get().lastDecision().filter(d -> d.state() != lastRestoreState).ifPresent(decision -> {
                lastRestoreState = decision.state();
                step("hecate", "restore: " + decision.state().wire() + " (" + decision.reason() + ")");
            });
        }
    }

    /** Prints a run's stages as they start and end, and its warnings. */
    private FinishedRun follow(EngineSession engine, String runId) throws InterruptedException {
        return engine.await(runId, RUN_LIMIT, event -> {
            if (event instanceof RunEvent.StageStarted started && started.stage().node() == null) {
                print(started.stage().started(), "  run", "start " + label(started.stage().stage(), started.stage().name()));
            } else if (event instanceof RunEvent.StageEnded ended && ended.stage().node() == null) {
                print(ended.stage().ended(), "  run", ended.stage().outcome() + "    " + label(ended.stage().stage(), ended.stage().name())
                        + " (" + seconds(ended.stage().duration()) + ")");
            } else if (event instanceof RunEvent.StageEnded ended && !"ok".equals(ended.stage().outcome())) {
                print(ended.stage().ended(), "  run", ended.stage().outcome() + "    " + ended.stage().stage() + " ["
                        + ended.stage().node() + "]: " + ended.stage().detail());
            } else if (event instanceof RunEvent.Action action && action.action().text().startsWith("skipped")) {
                print(action.action().at(), "  run", "      " + action.action().stage() + " " + action.action().text());
            } else if (event instanceof RunEvent.RunEnded ended) {
                print(ended.run().ended(), "  run", ended.run().workflow() + " " + ended.run().runId() + " " + ended.run().outcome()
                        + " in " + seconds(ended.run().duration()));
            }
        });
    }

    private static String label(String id, String name) {
        return name == null || name.isBlank() ? id : id + " - " + name;
    }

    private static boolean awaitPoweredOff(Lab lab) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lab.nodes().stream().anyMatch(LabNode::poweredOn)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static List<String> readyNodes(Lab lab) {
        return lab.kube().nodes().list().getItems().stream()
                .filter(node -> node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .map(node -> node.getMetadata().getName()).toList();
    }

    private static List<String> unreadyDeployments(Lab lab) {
        return lab.kube().apps().deployments().inAnyNamespace().list().getItems().stream()
                .filter(d -> d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                        || d.getStatus().getReadyReplicas() < d.getSpec().getReplicas())
                .map(d -> d.getMetadata().getNamespace() + "/" + d.getMetadata().getName()).toList();
    }

    private static List<String> stillOn(Lab lab) {
        return lab.nodes().stream().filter(LabNode::poweredOn).map(LabNode::name).toList();
    }

    // ---- timeline -------------------------------------------------------------------------------------

    /** The lab's own events that tell the story (not every command or controller pass). */
    private static final Set<String> LAB_SOURCES = Set.of("ups", "api");

    private List<Entry> timeline(List<LabEvent> events, EngineSession engine, FinishedRun... runs) {
        // the lab records the UPS itself; the polls are in the step-by-step output above
        List<Entry> all;
        synchronized (steps) {
            all = new ArrayList<>(steps.stream()
                    .filter(e -> !e.source().equals("ups") && !e.text().startsWith("poll:")).toList());
        }
        for (LabEvent event : events) {
            if (LAB_SOURCES.contains(event.node()) || storyOfANode(event.what())) {
                all.add(new Entry(event.at(), event.node(), event.what()));
            }
        }
        for (FinishedRun run : runs) {
            if (run == null) {
                continue;
            }
            all.add(new Entry(run.run().started(), "run", run.run().workflow() + " started (" + run.run().trigger() + ")"));
            run.stageRows().forEach(stage -> all.add(new Entry(stage.started(), "run", "  " + stage.stage())));
            all.add(new Entry(run.run().ended(), "run", run.run().workflow() + " " + run.run().outcome()));
        }
        all.sort(Comparator.comparing(Entry::at));
        return all;
    }

    private static boolean storyOfANode(String what) {
        return what.equals("powered off") || what.startsWith("powered on") || what.startsWith("Wake-on-LAN") || what.endsWith(" stopped")
                || what.endsWith(" started") || what.startsWith("Node ");
    }

    private void printTimeline(List<Entry> timeline) {
        out.println();
        out.println("Timeline");
        for (Entry entry : timeline) {
            out.printf("  %8s  %-10s %s%n", "+" + seconds(Duration.between(began, entry.at())), entry.source(), entry.text());
        }
    }

    private void printRuns(List<RunRecord> runs) {
        out.println();
        out.println("Runs (hecate runs)");
        out.printf("  %-20s  %-27s  %-14s  %-9s  %-12s  %9s  %s%n", "RUN", "WORKFLOW", "TRIGGER", "MODE", "STARTED", "DURATION",
                "OUTCOME");
        for (RunRecord run : runs) {
            out.printf("  %-20s  %-27s  %-14s  %-9s  %-12s  %9s  %s%n", run.runId(), run.workflow(), run.trigger(), run.mode(),
                    CLOCK.format(run.started()), seconds(run.duration()), run.outcome());
        }
    }

    // ---- printing -------------------------------------------------------------------------------------

    private synchronized void step(String source, String text) {
        Instant now = Instant.now();
        steps.add(new Entry(now, source, text));
        print(now, source, text);
    }

    private void print(Instant at, String source, String text) {
        out.printf("[%8s] %-7s %s%n", "+" + seconds(Duration.between(began, at)), source, text);
        out.flush();
    }

    private static String seconds(Duration duration) {
        return duration == null ? "-" : String.format(Locale.ROOT, "%.2fs", duration.toMillis() / 1000.0);
    }

}
