package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.drills.lab.Lab;
import io.hecate.engine.config.ConfigLoader;
import io.hecate.drills.run.EngineSession;
import io.hecate.engine.history.RunStart;
import io.hecate.engine.intent.IntentState;
import io.hecate.workflows.HecateWorkflows;
import java.time.Instant;
import io.hecate.engine.intent.IntentStore;
import io.hecate.drills.lab.LabSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real command line on the lab: guards exit 3 before any engine boots, a dry run walks the whole plan. */
class StartupCommandIT {

    @TempDir
    Path dir;
    private Lab lab;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startLab() {
        lab = Lab.start(LabSpec.defaults(dir));
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }

    private int hecate(String... args) {
        return Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private void set(String key, String value) throws IOException {
        String text = Files.readString(lab.configFile());
        Files.writeString(lab.configFile(), text.replaceFirst("(?m)^(\\s*)" + key + ":.*$", "$1" + key + ": " + value));
    }

    @Test
    void refusesStartupOnAPeerWithExitThree() throws IOException {
        set("role", "peer");
        set("coordinator_host", "titan-db");

        assertThat(hecate("startup", "--config", lab.configFile().toString(), "--execute")).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("hecate: error: this host is a peer");
    }

    @Test
    void refusesStartupOnBatteryWithExitThree() {
        lab.ups().onBattery();

        assertThat(hecate("startup", "--config", lab.configFile().toString())).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is on battery");
    }

    @Test
    void dryRunPrintsThePlanAndTouchesNothing() {
        assertThat(hecate("startup", "--config", lab.configFile().toString(), "--force-flux-branch", "hotfix"))
                .as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.OK);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("dry run", "ssh titan-0a: systemctl start k3s", "kube: would set the branch of GitRepository flux-system/flux-system to hotfix",
                "ok     Set intent normal");
        assertThat(lab.events()).noneMatch(e -> e.what().startsWith("ran: systemctl"));
    }

    @Test
    void aWaitingStagePrintsWhatItWaitsForAndTheSecondsLeft() throws IOException {
        set("time_sync_mode", "strict");
        set("time_sync_timeout_seconds", "4");
        lab.faults().clockUnsynchronised("titan-05", true);

        assertThat(hecate("startup", "--config", lab.configFile().toString(), "--execute")).isEqualTo(ExitCodes.STAGE_FAILED);

        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .anyMatch(l -> l.matches(".*- waiting for 7/8 synchronised clocks \\(strict\\), [1-4] s left"));
    }

    @Test
    void theReasonIsKeptInTheIntentFileAndTheRunHistory() throws IOException {
        set("time_sync_mode", "strict");
        set("time_sync_timeout_seconds", "1");
        lab.faults().clockUnsynchronised("titan-05", true);

        hecate("startup", "--config", lab.configFile().toString(), "--execute", "--reason", "after the UPS swap");
        String runId = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow()
                .split(" ")[1];
        out.reset();

        assertThat(new IntentStore(ConfigLoader.load(lab.configFile()).intentFile()).read().intent().orElseThrow().reason())
                .isEqualTo("cli: after the UPS swap");
        assertThat(hecate("runs", "show", runId, "--config", lab.configFile().toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("intent startup_in_progress (cli: after the UPS swap) written");
    }

    @Test
    void etcdRestoreDryRunWalksTheRestorePlan() {
        assertThat(hecate("etcd-restore", "--config", lab.configFile().toString(), "--snapshot", "/snap/x"))
                .as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ssh titan-0a: k3s server --cluster-reset --cluster-reset-restore-path=/snap/x",
                "ssh titan-0b: mv /var/lib/rancher/k3s/server/db /var/lib/rancher/k3s/server/db.hecate-", "ok     Start k3s on the other servers");
    }

    @Test
    void etcdRestoreRefusesWhileAShutdownRuns() {
        new IntentStore(ConfigLoader.load(lab.configFile()).intentFile()).write(IntentState.SHUTTING_DOWN, "maintenance", "run-1");
        try (EngineSession owner = EngineSession.open(lab.configFile())) {
            owner.history().runStarted(new RunStart("run-1", HecateWorkflows.SHUTDOWN, "cli", "full", true, Instant.now(), "pi-1",
                    owner.engine().owner().token()));

            assertThat(hecate("etcd-restore", "--config", lab.configFile().toString(), "--execute")).isEqualTo(ExitCodes.REFUSED);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("etcd-restore --execute refused: hecate-shutdown run run-1",
                "is running (intent shutting_down");
        assertThat(lab.events()).noneMatch(e -> e.what().startsWith("ran: "));
    }

    @Test
    void etcdRestoreAsksForASnapshotThatExistsBeforeStoppingAnything() {
        assertThat(hecate("etcd-restore", "--config", lab.configFile().toString(), "--execute", "--snapshot", "/snap/no such"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--snapshot /snap/no such does not exist on titan-0a");
        assertThat(lab.events()).noneMatch(e -> e.what().startsWith("ran: systemctl"));
    }
}
