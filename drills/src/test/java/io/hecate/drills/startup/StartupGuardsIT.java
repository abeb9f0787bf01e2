package io.hecate.drills.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hecate.engine.Refusal;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.workflows.startup.StartupGuards;
import io.hecate.workflows.startup.StartupGuards.Decision;
import io.hecate.workflows.startup.StartupGuards.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each startup guard against the lab's real NUT server and SSHDs; no engine needed. */
class StartupGuardsIT {

    private static final Options PLAIN = new Options(true, false, false, false);

    @TempDir
    Path dir;
    private StartupLab lab;
    private final List<String> notes = new ArrayList<>();

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    private Decision check(Options options) {
        return new StartupGuards(lab.config(), notes::add).check(options);
    }

    @Nested
    class PeerRole {

        @Test
        void refusesStartupOnAPeerWithoutAFlag() {
            lab = new StartupLab(dir).set("role", "peer").set("coordinator_host", "titan-db");

            assertThatThrownBy(() -> check(PLAIN)).isInstanceOf(Refusal.class)
                    .hasMessageContaining("this host is a peer").hasMessageContaining("--allow-peer-startup");
        }

        @Test
        void startsOnAPeerWithAllowPeerStartup() {
            lab = new StartupLab(dir).set("role", "peer").set("coordinator_host", "titan-db");

            assertThat(check(new Options(true, true, false, false))).isEqualTo(Decision.START_HERE);
        }

        @Test
        void startsHereWhenTheCoordinatorDoesNotAnswerWithinTheBootWait() {
            lab = new StartupLab(dir).set("role", "peer").set("coordinator_host", "127.0.0.1:1")
                    .set("coordinator_boot_wait_seconds", "4");

            assertThat(check(new Options(true, false, true, false))).isEqualTo(Decision.START_HERE);
            assertThat(notes).filteredOn(n -> n.startsWith("waiting for coordinator")).isNotEmpty()
                    .allMatch(n -> n.matches("waiting for coordinator 127\\.0\\.0\\.1:1: ssh refused, [1-4] s left"));
            assertThat(notes).contains("coordinator 127.0.0.1:1 did not answer within 4 s (ssh refused): starting here");
        }

        @Test
        void withoutABootWaitAsksOnceAndStartsHere() {
            lab = new StartupLab(dir).set("role", "peer").set("coordinator_host", "127.0.0.1:1")
                    .set("coordinator_boot_wait_seconds", "0");

            assertThat(check(new Options(true, false, true, false))).isEqualTo(Decision.START_HERE);
            assertThat(notes).contains("coordinator 127.0.0.1:1 did not answer within 0 s (ssh refused): starting here")
                    .noneMatch(n -> n.startsWith("waiting for coordinator"));
        }

        @Test
        void doesNotStartHereWhenTheReachableCoordinatorFails() {
            // a lab node stands in for the coordinator: reachable over SSH, but it has no hecate command
            lab = new StartupLab(dir).set("role", "peer").set("coordinator_host", "titan-04")
                    .set("coordinator_boot_wait_seconds", "2");

            assertThatThrownBy(() -> check(new Options(true, false, true, false))).isInstanceOf(Refusal.class)
                    .hasMessageContaining("startup on the coordinator titan-04 answered exit 127");
            assertThat(notes).anyMatch(n -> n.startsWith("waiting for coordinator titan-04: ssh answers, 'hecate status --json' exit 127"))
                    .anyMatch(n -> n.startsWith("coordinator titan-04 answers SSH but its status did not answer within 2 s"));
        }
    }

    @Nested
    class Ups {

        @Test
        void refusesStartupWhileOnBattery() {
            lab = new StartupLab(dir);
            lab.lab.ups().onBattery();

            assertThatThrownBy(() -> check(PLAIN)).isInstanceOf(Refusal.class).hasMessageContaining("is on battery")
                    .hasMessageContaining("--allow-on-battery");
        }

        @Test
        void startsOnBatteryWhenAllowedByFlagOrConfig() {
            lab = new StartupLab(dir).set("allow_startup_on_battery", "true");
            lab.lab.ups().onBattery();

            assertThat(check(PLAIN)).isEqualTo(Decision.START_HERE);
            assertThat(check(new Options(true, false, false, true))).isEqualTo(Decision.START_HERE);
        }

        @Test
        void anUnreadableUpsIsReportedButDoesNotBlock() throws IOException {
            lab = new StartupLab(dir);
            lab.lab.ups().unreachable(true);

            assertThat(check(PLAIN)).isEqualTo(Decision.START_HERE);
            assertThat(notes).anyMatch(n -> n.contains("unreadable") && n.contains("not blocking"));
        }
    }

    @Nested
    class Intent {

        @Test
        void refusesStartupWhileAShutdownIsInProgress() {
            lab = new StartupLab(dir);
            new IntentStore(lab.config().intentFile()).write(IntentState.SHUTTING_DOWN, "ups", "run-1");

            assertThatThrownBy(() -> check(PLAIN)).isInstanceOf(Refusal.class).hasMessageContaining("a shutdown is in progress");
        }

        @Test
        void allowsTheColdStartAfterACompletedShutdown() {
            lab = new StartupLab(dir);
            new IntentStore(lab.config().intentFile()).write(IntentState.SHUTDOWN_COMPLETE, "ups", "run-1");

            assertThat(check(PLAIN)).isEqualTo(Decision.START_HERE);
        }

        @Test
        void refusesStartupOnACorruptIntentFile() throws IOException {
            lab = new StartupLab(dir);
            Files.writeString(lab.config().intentFile(), "{not json");

            assertThatThrownBy(() -> check(PLAIN)).isInstanceOf(Refusal.class).hasMessageContaining("intent file unusable")
                    .hasMessageContaining("corrupt");
        }
    }
}
