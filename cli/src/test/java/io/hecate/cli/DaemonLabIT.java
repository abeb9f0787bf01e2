package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabEvent;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.lab.LabSpec;
import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.RunStart;
import io.hecate.engine.metrics.HecateMetrics;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.Trigger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon (engine with job executor, metrics, power watch, emergency trigger) against the lab. The lab's
 * config polls every second, debounces 2 polls and budgets 30 s, so the trigger threshold is 38 s.
 */
class DaemonLabIT {

    static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Lab lab;
    HecateConfig config;
    Daemon daemon;

    @BeforeEach
    void startLab() {
        lab = Lab.start(LabSpec.defaults(dir));
        config = ConfigLoader.load(lab.configFile());
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        lab.close();
    }

    @Test
    void outageDrivesTheDaemonToACompletedEmergencyShutdownWithEveryNodeOff() throws Exception {
        daemon = Daemon.start(config, Clock.systemUTC());
        awaitPolls(2);

        lab.ups().onBattery();
        lab.ups().drainTo(40, 600);
        awaitPolls(2);
        lab.ups().drainTo(20, 30);

        RunRecord run = awaitEndedEmergencyRun();
        assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(run.trigger()).isEqualTo(Trigger.UPS.wire());
        assertThat(run.executed()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        assertThat(daemon.engine().history().runs(10)).hasSize(1);

        Instant triggered = daemon.watch().triggeredAt().orElseThrow();
        LabEvent firstAction = lab.events().stream()
                .filter(event -> event.what().startsWith("ran: ") && !event.at().isBefore(triggered))
                .findFirst().orElseThrow();
        Duration toFirstAction = Duration.between(triggered, firstAction.at());
        System.out.printf("threshold-to-first-action: triggering poll at %s, first action %s on %s at %s: %d ms;"
                        + " run %s took %d ms%n", triggered, firstAction.what(), firstAction.node(), firstAction.at(),
                toFirstAction.toMillis(), run.runId(), run.duration().toMillis());
        daemon.engine().history().stages(run.runId()).forEach(stage -> System.out.printf("  +%5d ms %-28s %-10s %s%n",
                Duration.between(triggered, stage.started()).toMillis(), stage.stage(), stage.node() == null ? "" : stage.node(),
                stage.duration() == null ? "-" : stage.duration().toMillis() + " ms"));
        assertThat(toFirstAction).isLessThan(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Scrape.metrics(daemon.metricsPort()))
                .containsEntry("hecate_runs_total{outcome=\"succeeded\",workflow=\"hecate-emergency-shutdown\"}", 1.0)
                .containsEntry("hecate_intent_state{state=\"shutdown_complete\"}", 1.0));
        Map<String, Double> metrics = Scrape.metrics(daemon.metricsPort());
        assertThat(metrics.keySet().stream().map(Scrape::name)).containsAll(HecateMetrics.METRIC_NAMES);
        assertThat(metrics)
                .containsEntry("hecate_trigger_latched", 1.0)
                .containsEntry("hecate_trigger_threshold_seconds", 38.0)
                .containsEntry("hecate_shutdown_budget_seconds{source=\"config\"}", 30.0)
                .containsEntry("hecate_ups_status{flag=\"OB\"}", 1.0)
                .containsEntry("hecate_nut_reachable", 1.0)
                .containsEntry("hecate_role{role=\"coordinator\"}", 1.0)
                .containsKey("hecate_stage_duration_seconds{stage=\"StopAndPowerOffNodes\",workflow=\"hecate-emergency-shutdown\"}");
        assertThat(metrics.get("hecate_last_run_duration_seconds{workflow=\"hecate-emergency-shutdown\"}"))
                .isCloseTo(run.duration().toMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void flappingUpsDoesNotTrigger() throws Exception {
        daemon = Daemon.start(config, Clock.systemUTC());
        lab.ups().drainTo(20, 30);
        awaitPolls(1);

        for (int flip = 0; flip < 8; flip++) {
            if (flip % 2 == 0) {
                lab.ups().onBattery();
            } else {
                lab.ups().onMains();
            }
            awaitPolls(1);
        }

        assertThat(daemon.watch().triggeredAt()).isEmpty();
        assertThat(daemon.watch().lastDecision().orElseThrow().latched()).isFalse();
        assertThat(daemon.engine().history().runs(10)).isEmpty();
        assertThat(lab.events()).noneMatch(event -> event.what().startsWith("ran: "));
    }

    @Test
    void doesNotStartASecondShutdownWhileOneRuns() {
        daemon = Daemon.start(config, Clock.systemUTC());
        daemon.engine().history().runStarted(new RunStart("already-1", HecateWorkflows.SHUTDOWN, "cli", "full", true,
                Instant.now(), "pi-already-1", daemon.engine().owner().token()));

        lab.ups().lowBattery();
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.watch().triggeredAt().isPresent());
        awaitPolls(2);

        assertThat(daemon.engine().history().runs(10)).extracting(RunRecord::runId).containsExactly("already-1");
        assertThat(lab.events()).noneMatch(event -> event.what().startsWith("ran: "));
    }

    @Test
    void emergencyShutdownCommandWhileOneRunsSaysSoAndExitsZero() {
        daemon = Daemon.start(config, Clock.systemUTC());
        daemon.engine().history().runStarted(new RunStart("already-2", HecateWorkflows.EMERGENCY_SHUTDOWN, "ups",
                "emergency", true, Instant.now(), "pi-already-2", daemon.engine().owner().token()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "shutdown", "--emergency", "--execute", "--config", lab.configFile().toString());

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("already running: hecate-emergency-shutdown run already-2 (trigger ups")
                .contains("not starting another");
        assertThat(daemon.engine().history().runs(10)).extracting(RunRecord::runId).containsExactly("already-2");
        assertThat(lab.events()).noneMatch(event -> event.what().startsWith("ran: "));
    }

    private void awaitPolls(int polls) {
        long target = daemon.watch().polls() + polls;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> daemon.watch().polls() >= target);
    }

    private RunRecord awaitEndedEmergencyRun() {
        return await().atMost(RUN_LIMIT).until(() -> daemon.engine().history().runs(10).stream()
                        .filter(run -> run.workflow().equals(HecateWorkflows.EMERGENCY_SHUTDOWN) && !run.running())
                        .findFirst().orElse(null),
                run -> run != null);
    }
}
