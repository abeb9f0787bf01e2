package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.lab.LabSpec;
import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.Intent;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.PowerRestore;
import io.hecate.workflows.Trigger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon brings the lab back after an outage by itself: the lab's nodes stay off after a poweroff until a
 * Wake-on-LAN packet reaches their own port. The lab config: mains_restore_seconds 2, min_battery_charge 50,
 * every node wake_on_lan.
 */
class PowerRestoreLabIT {

    static final Duration RUN_LIMIT = Duration.ofSeconds(90);

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
    void mainsBackAfterAnEmergencyWakesEveryNodeAndStartsTheClusterToNormal() {
        daemon = Daemon.start(config, Clock.systemUTC());
        RunRecord emergency = outageUntilEveryNodeIsOff();

        lab.ups().drainTo(80, 1500);
        Instant mainsBack = Instant.now();
        lab.ups().onMains();

        RunRecord restore = awaitEnded(HecateWorkflows.POWER_RESTORE);
        assertThat(restore.outcome()).as(restore.detail()).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(restore.trigger()).isEqualTo(Trigger.POWER_RESTORED.wire());
        assertThat(restore.started()).as("mains must be back ups.mains_restore_seconds first")
                .isAfter(mainsBack.plus(config.ups().mainsRestore()));
        Intent intent = new IntentStore(config.intentFile()).read().intent().orElseThrow();
        assertThat(intent.state()).isEqualTo(IntentState.NORMAL);
        assertThat(intent.runId()).isEqualTo(restore.runId());
        assertThat(lab.nodes()).allMatch(LabNode::poweredOn);
        for (LabNode node : lab.nodes()) {
            assertThat(lab.events()).anyMatch(e -> e.node().equals(node.name()) && e.what().equals("Wake-on-LAN magic packet received")
                    && e.at().isAfter(emergency.ended()));
        }
        // restore.order: every control plane woken before any worker. The order the run sent the packets in, from its
        // own record: the lab's receive times come from one listener thread per node and may swap by a millisecond
        List<String> woken = daemon.engine().history().actions(restore.runId()).stream()
                .filter(a -> "PowerOnNodes".equals(a.stage()) && a.text().contains("Wake-on-LAN") && a.text().endsWith(": done"))
                .map(a -> a.text().substring(0, a.text().indexOf(':'))).toList();
        assertThat(woken).containsExactlyInAnyOrderElementsOf(lab.nodes().stream().map(LabNode::name).toList());
        assertThat(woken.subList(0, lab.controlPlanes().size())).containsExactlyInAnyOrderElementsOf(lab.controlPlanes());
        assertThat(daemon.engine().history().actions(restore.runId()))
                .anyMatch(a -> "ConfirmRestored".equals(a.stage()) && a.text().startsWith("cluster normal "));
        System.out.printf("mains-return-to-normal: mains back at %s, intent normal at %s: %d ms (restore run %s took %d ms)%n",
                mainsBack, intent.time(), Duration.between(mainsBack, intent.time()).toMillis(), restore.runId(),
                restore.duration().toMillis());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Scrape.metrics(daemon.metricsPort()))
                .containsEntry("hecate_restore_state{state=\"idle\"}", 1.0)
                .hasEntrySatisfying("hecate_restore_duration_seconds", seconds -> assertThat(seconds).isGreaterThan(2.0)));
    }

    @Test
    void mainsBackAfterAManualShutdownStartsNothing() throws Exception {
        daemon = Daemon.start(config, Clock.systemUTC());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), "shutdown", "--execute", "--config", lab.configFile().toString());
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        assertThat(new IntentStore(config.intentFile()).read().intent().orElseThrow().state()).isEqualTo(IntentState.SHUTDOWN_COMPLETE);

        awaitPolls(config.ups().mainsRestore().toSeconds() + 3);

        assertThat(daemon.engine().history().runs(10)).noneMatch(run -> run.workflow().equals(HecateWorkflows.POWER_RESTORE));
        assertThat(lab.nodes()).noneMatch(LabNode::poweredOn);
        assertThat(Scrape.metrics(daemon.metricsPort())).containsEntry("hecate_restore_state{state=\"idle\"}", 1.0);
    }

    @Test
    void mainsFailingAgainDuringTheRestoreSupersedeItAndEveryNodeEndsOff() {
        daemon = Daemon.start(config, Clock.systemUTC());
        outageUntilEveryNodeIsOff();
        lab.ups().drainTo(80, 1500);
        lab.ups().onMains();
        RunRecord restore = await().atMost(Duration.ofSeconds(20)).until(() -> running(HecateWorkflows.POWER_RESTORE), Optional::isPresent)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> daemon.engine().history().stages(restore.runId()).stream()
                .anyMatch(stage -> PowerRestore.STARTUP_STAGE.equals(stage.stage())));

        lab.ups().lowBattery();

        RunRecord superseded = await().atMost(Duration.ofSeconds(20))
                .until(() -> daemon.engine().history().run(restore.runId()).orElseThrow(), run -> !run.running());
        assertThat(superseded.outcome()).isEqualTo(RunRecord.SUPERSEDED);
        RunRecord second = await().atMost(RUN_LIMIT).until(() -> daemon.engine().history().runs(10).stream()
                .filter(run -> run.workflow().equals(HecateWorkflows.EMERGENCY_SHUTDOWN) && run.started().isAfter(restore.started())
                        && !run.running()).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(second.outcome()).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(superseded.detail()).contains(second.runId());
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        assertThat(daemon.engine().processEngine().getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(HecateWorkflows.STARTUP).count()).isZero();
        assertThat(daemon.engine().processEngine().getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(HecateWorkflows.POWER_RESTORE).count()).isZero();
        awaitPolls(2);
        assertThat(lab.nodes()).as("no node woken after the second shutdown").noneMatch(LabNode::poweredOn);
    }

    @Test
    void chargeBelowTheMinimumWaitsThenStartsWhenItRises() throws Exception {
        daemon = Daemon.start(config, Clock.systemUTC());
        outageUntilEveryNodeIsOff();
        lab.ups().drainTo(30, 300);
        lab.ups().onMains();

        awaitPolls(config.ups().mainsRestore().toSeconds() + 2);
        assertThat(daemon.engine().history().runs(10)).noneMatch(run -> run.workflow().equals(HecateWorkflows.POWER_RESTORE));
        assertThat(lab.nodes()).noneMatch(LabNode::poweredOn);
        assertThat(Scrape.metrics(daemon.metricsPort())).containsEntry("hecate_restore_state{state=\"waiting_for_charge\"}", 1.0);

        lab.ups().drainTo(60, 1200);

        RunRecord restore = awaitEnded(HecateWorkflows.POWER_RESTORE);
        assertThat(restore.outcome()).as(restore.detail()).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(new IntentStore(config.intentFile()).read().intent().orElseThrow().state()).isEqualTo(IntentState.NORMAL);
    }

    /** Mains fail, the battery runs low: the daemon's emergency shutdown completes and every node is off. */
    private RunRecord outageUntilEveryNodeIsOff() {
        awaitPolls(1);
        lab.ups().onBattery();
        lab.ups().lowBattery();
        RunRecord run = awaitEnded(HecateWorkflows.EMERGENCY_SHUTDOWN);
        assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        return run;
    }

    private Optional<RunRecord> running(String workflow) {
        return daemon.engine().history().runs(10).stream().filter(run -> run.workflow().equals(workflow) && run.running()).findFirst();
    }

    private RunRecord awaitEnded(String workflow) {
        return await().atMost(RUN_LIMIT).until(() -> daemon.engine().history().runs(10).stream()
                .filter(run -> run.workflow().equals(workflow) && !run.running()).findFirst(), Optional::isPresent).orElseThrow();
    }

    private void awaitPolls(long polls) {
        long target = daemon.watch().polls() + polls;
        await().atMost(Duration.ofSeconds(polls * 3 + 5)).pollInterval(Duration.ofMillis(20))
                .until(() -> daemon.watch().polls() >= target);
    }
}
