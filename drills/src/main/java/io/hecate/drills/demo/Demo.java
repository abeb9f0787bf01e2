package io.hecate.drills.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.hecate.connectors.nut.NutClient;
import io.hecate.connectors.nut.NutSettings;
import io.hecate.connectors.nut.UpsReading;
import io.hecate.connectors.nut.UpsTarget;
import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabEvent;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.lab.LabSpec;
import io.hecate.drills.run.EngineSession;
import io.hecate.drills.run.FinishedRun;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.Budget;
import io.hecate.engine.history.BudgetEstimator;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.power.Decision;
import io.hecate.engine.power.PolicySettings;
import io.hecate.engine.power.TriggerPolicy;
import io.hecate.engine.power.UpsSample;
import io.hecate.engine.runtime.RunEvent;
import io.hecate.workflows.HecateWorkflows;

/**
 * {@code hecate demo}: one outage on a simulated Titan, in one process. The lab starts; mains fail and the
 * battery drains; the trigger policy, fed by the real NUT client, fires; the emergency shutdown stops and
 * powers off every node; mains return; the staged startup runs when it is built. Then the timeline (lab
 * events and stages, in time order) and the run history.
 */
public final class Demo {

    static final String STARTUP = "hecate-startup";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    /** Battery charge and runtime left at each poll once mains fail. */
    private static final int[][] DRAIN = {{90, 1200}, {70, 600}, {50, 300}, {35, 120}, {25, 60}, {20, 36}, {15, 30},
        {12, 24}, {10, 18}, {8, 12}, {6, 6}};
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    /** One line of the demo's timeline. */
    public record Entry(Instant at, String source, String text) {
    }

    /** What happened, for the caller (and DemoIT) to check. */
    public record Report(List<Entry> timeline, List<RunRecord> runs, boolean startupBuilt, boolean allPoweredOff,
                         boolean ok) {
    }

    private final PrintWriter out;
    private final List<Entry> steps = new ArrayList<>();
    private Instant began;

    public Demo(PrintWriter out) {
        this.out = out;
    }

    public Report run() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hecate-demo");
        try {
            return run(dir);
        } finally {
            deleteQuietly(dir);
        }
    }

    public Report run(Path dir) throws InterruptedException {
        began = Instant.now();
        out.println("hecate demo: a simulated Titan (3 control planes, 5 workers) goes through a power outage");
        out.println();
        Duration quick = Duration.ofMillis(300);
        LabSpec spec = new LabSpec(3, 5, Duration.ofMillis(800), Duration.ofMillis(500), quick, quick, dir, false);
        try (Lab lab = Lab.start(spec)) {
            step("lab", "up: " + lab.nodes().size() + " nodes over SSH, Kubernetes API, UPS " + lab.ups().target()
                    + ", Vault; config " + lab.configFile());
            try (EngineSession engine = EngineSession.open(lab.configFile())) {
                step("hecate", "engine up (Camunda on H2 in " + engine.config().engineDir() + ")");
                FinishedRun emergency = outage(lab, engine);
                boolean poweredOff = awaitPoweredOff(lab);
                step("lab", poweredOff ? "every node is powered off" : "NOT every node powered off: " + stillOn(lab));

                lab.powerOnAll();
                step("ups", "mains restored: UPS " + lab.ups().status() + ", every node boots; k3s waits for Hecate");
                boolean startupBuilt = engine.deployed(STARTUP);
                FinishedRun startup = null;
                if (startupBuilt) {
                    startup = follow(engine, engine.start(STARTUP, "boot", "startup", true, "mains restored"));
                } else {
                    step("hecate", "staged startup is not built yet (no " + STARTUP
                            + " workflow deployed): the nodes are on, k3s is not running");
                }
                List<Entry> timeline = timeline(lab.events(), engine, emergency, startup);
                List<RunRecord> runs = engine.history().runs(10);
                printTimeline(timeline);
                printRuns(runs);
                boolean ok = emergency != null && emergency.succeeded() && poweredOff
                        && (startup == null || startup.succeeded());
                out.println();
                out.println(ok ? "demo: done, the outage went as designed" : "demo: FAILED, see the timeline above");
                return new Report(timeline, runs, startupBuilt, poweredOff, ok);
            }
        }
    }

    /** Mains fail, the battery drains poll by poll, the trigger policy decides; on its trigger, the emergency shutdown. */
    private FinishedRun outage(Lab lab, EngineSession engine) throws InterruptedException {
        HecateConfig config = engine.config();
        TriggerPolicy policy = new TriggerPolicy(PolicySettings.from(config.ups()));
        BudgetEstimator budgets = new BudgetEstimator(engine.history(), config.shutdown().budgetLearningMinSamples());
        Budget budget = budgets.estimate(HecateWorkflows.EMERGENCY_SHUTDOWN, "ups",
                config.shutdown().estimatedEmergencyShutdownBudget());
        step("hecate", "emergency budget " + budget.value().toSeconds() + " s (" + budget.source().name().toLowerCase(Locale.ROOT)
                + ", " + budget.samples() + " samples); trigger when runtime <= " + config.ups().runtimeSafetyFactor()
                + " x budget for " + config.ups().debouncePolls() + " polls");
        NutSettings nut = new NutSettings(UpsTarget.parse(config.ups().target()), config.ups().username(),
                config.ups().password(), Duration.ofSeconds(2));
        try (NutClient ups = new NutClient(nut)) {
            lab.ups().onBattery();
            step("ups", "mains fail: UPS on battery");
            for (int[] level : DRAIN) {
                lab.ups().drainTo(level[0], level[1]);
                UpsReading reading = ups.read();
                Decision decision = policy.decide(new UpsSample(reading.readAt(), true, reading.statusFlags(),
                        reading.runtimeSeconds(), null, reading.chargePercent(), reading.loadPercent()), budget.value());
                step("hecate", "poll: " + String.join(" ", new TreeSet<>(reading.statusFlags()).descendingSet()) + ", charge " + level[0] + "%, runtime "
                        + level[1] + " s, threshold " + decision.thresholdSeconds() + " s -> " + decision.reason());
                if (decision.trigger()) {
                    step("hecate", "TRIGGER: starting " + HecateWorkflows.EMERGENCY_SHUTDOWN);
                    return follow(engine, engine.start(HecateWorkflows.EMERGENCY_SHUTDOWN, "ups", "emergency", true,
                            decision.reason()));
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        step("hecate", "the battery ran out before the policy triggered");
        return null;
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

    private static List<String> stillOn(Lab lab) {
        return lab.nodes().stream().filter(LabNode::poweredOn).map(LabNode::name).toList();
    }

    // ---- timeline -------------------------------------------------------------------------------------

    /** The lab's own events that tell the story (not every command or controller pass). */
    private static final Set<String> LAB_SOURCES = Set.of("ups", "api");

    private List<Entry> timeline(List<LabEvent> events, EngineSession engine, FinishedRun... runs) {
        // the lab records the UPS itself; the polls are in the step-by-step output above
        List<Entry> all = new ArrayList<>(steps.stream()
                .filter(e -> !e.source().equals("ups") && !e.text().startsWith("poll:")).toList());
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
        return what.equals("powered off") || what.startsWith("powered on") || what.endsWith(" stopped")
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
        out.printf("  %-20s  %-27s  %-7s  %-9s  %-12s  %9s  %s%n", "RUN", "WORKFLOW", "TRIGGER", "MODE", "STARTED", "DURATION",
                "OUTCOME");
        for (RunRecord run : runs) {
            out.printf("  %-20s  %-27s  %-7s  %-9s  %-12s  %9s  %s%n", run.runId(), run.workflow(), run.trigger(), run.mode(),
                    CLOCK.format(run.started()), seconds(run.duration()), run.outcome());
        }
    }

    // ---- printing -------------------------------------------------------------------------------------

    private void step(String source, String text) {
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

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
