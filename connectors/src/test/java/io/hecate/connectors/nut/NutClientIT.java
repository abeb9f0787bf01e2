package io.hecate.connectors.nut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NUT client against Debian's real upsd and dummy-ups driver. A start costs ~4 s (the driver
 * reports WAIT at first), so tests that leave the UPS as they found it share one upsd.
 */
class NutClientIT {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnASharedUpsOnMains {

        private RealUpsd upsd;
        private NutClient client;

        @BeforeAll
        void startUpsd(@TempDir Path dir) {
            upsd = RealUpsd.start(dir, "mains.dev");
            client = new NutClient(upsd.anonymous());
        }

        @AfterAll
        void stopUpsd() {
            stop(client, upsd);
        }

        @Test
        void readsStatusChargeRuntimeAndLoadOnMains() {
            UpsReading reading = client.read();

            assertThat(reading.statusFlags()).containsExactly("OL");
            assertThat(reading.online()).isTrue();
            assertThat(reading.onBattery()).isFalse();
            assertThat(reading.chargePercent()).hasValue(100.0);
            assertThat(reading.runtimeSeconds()).hasValue(1800L);
            assertThat(reading.loadPercent()).hasValue(23.5);
            assertThat(reading.target()).isEqualTo(upsd.target());
        }

        @Test
        void getsSingleVariablesAndListsAll() {
            assertThat(client.getVar(RealUpsd.UPS, "battery.runtime")).isEqualTo("1800");
            assertThat(client.listVars(RealUpsd.UPS))
                    .containsEntry("ups.mfr", "Hecate Test")
                    .containsEntry("driver.name", "dummy-ups");
        }

        @Test
        void namesAnUnknownUpsWithAHint() {
            try (NutClient wrongName = new NutClient(NutSettings.anonymous(
                    new UpsTarget("nosuchups", "127.0.0.1", upsd.target().port()), Duration.ofSeconds(2)))) {
                assertThatThrownBy(wrongName::read)
                        .isInstanceOfSatisfying(NutException.class, e -> assertThat(e.errorCode()).isEqualTo("UNKNOWN-UPS"))
                        .hasMessageContaining("nosuchups@127.0.0.1:" + upsd.target().port())
                        .hasMessageContaining("ERR UNKNOWN-UPS")
                        .hasMessageContaining("upsc -l");
            }
        }

        @Test
        void namesAVariableTheUpsDoesNotReport() {
            assertThatThrownBy(() -> client.getVar(RealUpsd.UPS, "input.frequency"))
                    .isInstanceOfSatisfying(NutException.class,
                            e -> assertThat(e.errorCode()).isEqualTo("VAR-NOT-SUPPORTED"))
                    .hasMessageContaining("GET VAR myups input.frequency");
        }

        @Test
        void refusesForcedShutdownWithoutCredentials() {
            assertThatThrownBy(client::forcedShutdown)
                    .isInstanceOfSatisfying(NutException.class,
                            e -> assertThat(e.errorCode()).isEqualTo("USERNAME-REQUIRED"))
                    .hasMessageContaining("hecate.yaml");
            assertThat(client.read().forcedShutdown()).isFalse();
        }

        @Test
        void refusesForcedShutdownWithAWrongPasswordWithoutShowingIt() {
            try (NutClient wrong = new NutClient(new NutSettings(upsd.target(), RealUpsd.USER, "not-the-pw",
                    Duration.ofSeconds(2)))) {
                assertThatThrownBy(wrong::forcedShutdown)
                        .isInstanceOfSatisfying(NutException.class,
                                e -> assertThat(e.errorCode()).isEqualTo("ACCESS-DENIED"))
                        .hasMessageContaining("upsd.users")
                        .hasMessageNotContaining("not-the-pw");
            }
        }

        @Test
        void readsTheShutdownDelay() {
            assertThat(client.shutdownDelay()).hasValue(Duration.ofSeconds(20));
        }

        @Test
        void runsAnInstantCommandTheUserMayRun() {
            // dummy-ups offers load.off (and no shutdown.return): upsd answers a plain OK.
            try (NutClient all = new NutClient(upsd.withCredentials())) {
                all.instcmd(RealUpsd.UPS, "load.off");
            }
        }

        @Test
        void namesTheInstcmdsLineWhenTheUserMayNotRunTheCommand() {
            try (NutClient power = new NutClient(upsd.asPowerUser(RealUpsd.POWER_PASSWORD))) {
                assertThatThrownBy(() -> power.instcmd(RealUpsd.UPS, "load.off"))
                        .isInstanceOfSatisfying(NutException.class,
                                e -> assertThat(e.errorCode()).isEqualTo("ACCESS-DENIED"))
                        .hasMessageContaining("instcmds = shutdown.return")
                        .hasMessageNotContaining(RealUpsd.POWER_PASSWORD);
            }
        }

        @Test
        void refusesKillPowerWithAWrongPasswordWithoutShowingIt() {
            try (NutClient wrong = new NutClient(upsd.asPowerUser("not-the-pw"))) {
                // upsd checks that the driver has the command before the password, so the refusal comes at LOGIN.
                assertThatThrownBy(wrong::killPower)
                        .isInstanceOfSatisfying(NutException.class,
                                e -> assertThat(e.errorCode()).isEqualTo("ACCESS-DENIED"))
                        .hasMessageContaining("upsd.users")
                        .hasMessageNotContaining("not-the-pw");
            }
            assertThat(client.read().forcedShutdown()).isFalse();
        }

        @Test
        void reconnectsAfterUpsdRestarts() {
            client.read();
            upsd.restartUpsd();

            assertThat(client.read().online()).isTrue();
        }
    }

    @Nested
    class OnAUpsOfItsOwn {

        @TempDir
        Path dir;

        private RealUpsd upsd;
        private NutClient client;

        @BeforeEach
        void startUpsd() {
            upsd = RealUpsd.start(dir, "mains.dev");
            client = new NutClient(upsd.anonymous());
        }

        @AfterEach
        void stopUpsd() {
            stop(client, upsd);
        }

        @Test
        void followsTheUpsOntoBatteryAndIntoLowBattery() {
            upsd.useDev("on-battery.dev");
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250))
                    .until(() -> client.read().onBattery());
            UpsReading onBattery = client.read();
            assertThat(onBattery.statusFlags()).containsExactlyInAnyOrder("OB", "DISCHRG");
            assertThat(onBattery.lowBattery()).isFalse();
            assertThat(onBattery.runtimeSeconds()).hasValue(900L);
            assertThat(onBattery.chargePercent()).hasValue(64.0);

            upsd.useDev("low-battery.dev");
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250))
                    .until(() -> client.read().lowBattery());
            UpsReading low = client.read();
            assertThat(low.statusFlags()).containsExactlyInAnyOrder("OB", "LB");
            assertThat(low.runtimeSeconds()).hasValue(60L);
        }

        @Test
        void reportsDriverNotConnectedWhenTheDriverDies() {
            client.read();
            upsd.killDriver();

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThatThrownBy(client::read)
                            .isInstanceOfSatisfying(NutException.class,
                                    e -> assertThat(e.errorCode()).isEqualTo("DRIVER-NOT-CONNECTED"))
                            .hasMessageContaining("myups@127.0.0.1:" + upsd.target().port())
                            .hasMessageContaining("upsdrvctl start"));
        }

        @Test
        void setsForcedShutdownAfterLoggingIn() {
            try (NutClient primary = new NutClient(upsd.withCredentials())) {
                primary.forcedShutdown();

                assertThat(primary.read().forcedShutdown()).isTrue();
            }
            assertThat(client.read().statusFlags()).contains("FSD", "OL");
        }

        @Test
        void killsPowerThroughFsdBecauseDummyUpsHasNoShutdownReturn() {
            try (NutClient power = new NutClient(upsd.asPowerUser(RealUpsd.POWER_PASSWORD))) {
                assertThatThrownBy(() -> power.instcmd(RealUpsd.UPS, "shutdown.return"))
                        .isInstanceOfSatisfying(NutException.class,
                                e -> assertThat(e.errorCode()).isEqualTo("CMD-NOT-SUPPORTED"))
                        .hasMessageContaining("upscmd -l");
                assertThat(client.read().forcedShutdown()).isFalse();

                assertThat(power.killPower()).isEqualTo(KillPower.FSD);
            }
            assertThat(client.read().statusFlags()).contains("FSD", "OL");
        }

        @Test
        void failsFastWithAClearErrorWhenNothingListens() {
            upsd.close();
            long start = System.nanoTime();

            assertThatThrownBy(client::read)
                    .isInstanceOf(NutException.class)
                    .hasMessageContaining("cannot connect to upsd at 127.0.0.1:" + upsd.target().port())
                    .hasMessageContaining("upsd running");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    private static void stop(NutClient client, RealUpsd upsd) {
        if (client != null) {
            client.close();
        }
        if (upsd != null) {
            upsd.close();
        }
    }
}
