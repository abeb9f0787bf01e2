package io.hecate.engine.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hecate.connectors.nut.NutClient;
import io.hecate.connectors.nut.RealUpsd;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.Budget;
import io.hecate.engine.metrics.HecateMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poll loop on its own thread, reading Debian's real upsd and dummy-ups through the NUT client while the
 * .dev file goes through an outage: mains, on battery with plenty of runtime, then runtime below the
 * threshold (1.25 x 180 s = 225 s) until the debounce fires.
 */
class PowerWatchUpsdIT {

    static final String MAINS = "ups.status: OL\nbattery.charge: 100\nbattery.runtime: 1800\nups.load: 23\n";
    static final String ON_BATTERY = "ups.status: OB DISCHRG\nbattery.charge: 64\nbattery.runtime: 900\nups.load: 31\n";
    static final String NEARLY_EMPTY = "ups.status: OB DISCHRG\nbattery.charge: 15\nbattery.runtime: 200\nups.load: 31\n";
    static final Budget BUDGET = new Budget(Duration.ofSeconds(180), 0, Budget.Source.CONFIG);

    @TempDir
    Path dir;
    RealUpsd upsd;
    NutClient nut;
    final HecateMetrics metrics = new HecateMetrics();
    final List<Decision> triggers = new CopyOnWriteArrayList<>();
    PowerWatch watch;
    Thread loop;

    @BeforeEach
    void start() {
        upsd = RealUpsd.startWith(dir, MAINS);
        nut = new NutClient(upsd.anonymous());
        HecateConfig.Ups settings = new HecateConfig.Ups(upsd.target().toString(), "", "", Duration.ofSeconds(1),
                Duration.ofSeconds(1), 3, 1.25, Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(300), false);
        watch = new PowerWatch(settings, nut::read, () -> BUDGET, metrics, triggers::add, () -> { }, Clock.systemUTC());
        loop = new Thread(watch::run, "power-watch-it");
        loop.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        watch.close();
        loop.join(5_000);
        nut.close();
        upsd.close();
        metrics.close();
    }

    @Test
    void anOutageInTheDevFileDrivesTheWatchToOneTrigger() {
        awaitState(PowerState.ON_MAINS);

        upsd.writeDev(ON_BATTERY);
        awaitState(PowerState.ON_BATTERY);
        assertThat(triggers).isEmpty();
        assertThat(watch.interval()).isEqualTo(Duration.ofSeconds(1));

        upsd.writeDev(NEARLY_EMPTY);
        await().atMost(Duration.ofSeconds(20)).until(() -> !triggers.isEmpty());
        long pollsAtTrigger = watch.polls();
        await().atMost(Duration.ofSeconds(5)).until(() -> watch.polls() >= pollsAtTrigger + 2);

        assertThat(triggers).hasSize(1);
        assertThat(triggers.get(0).reason()).isEqualTo("on battery, runtime 200s <= threshold 225s for 3 consecutive polls");
        assertThat(metrics.text()).contains("hecate_ups_runtime_seconds 200.0", "hecate_trigger_latched 1.0",
                "hecate_ups_status{flag=\"OB\"} 1.0");
    }

    @Test
    void aLostDriverIsAnAlarmNotAnOutage() {
        awaitState(PowerState.ON_MAINS);

        upsd.killDriver();

        await().atMost(Duration.ofSeconds(20)).until(() -> watch.lastDecision().orElseThrow().alarm());
        assertThat(watch.lastDecision().orElseThrow().state()).isEqualTo(PowerState.NUT_ALARM);
        assertThat(triggers).isEmpty();
        assertThat(metrics.text()).contains("hecate_nut_alarm 1.0", "hecate_nut_reachable 0.0");
    }

    private void awaitState(PowerState state) {
        await().atMost(Duration.ofSeconds(20)).until(() -> watch.lastDecision().map(Decision::state).orElse(null) == state);
    }
}
