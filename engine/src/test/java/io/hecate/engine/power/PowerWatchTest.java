package io.hecate.engine.power;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.connectors.nut.NutException;
import io.hecate.connectors.nut.UpsReading;
import io.hecate.connectors.nut.UpsTarget;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.Budget;
import io.hecate.engine.metrics.HecateMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop with a scripted UPS, a fake clock and a sleeper that only advances it. Polls are written
 * as in {@link TriggerPolicyTest} ({@code "OB 200"}, {@code "OL"}); {@code "LOST"} is a NUT error and
 * {@code "STALE"} a reading older than {@code stale_after}.
 */
class PowerWatchTest {

    static final Duration POLL = Duration.ofSeconds(5);
    static final Duration ON_BATTERY_POLL = Duration.ofSeconds(1);
    static final Duration STALE_AFTER = Duration.ofSeconds(15);
    static final HecateConfig.Ups UPS = new HecateConfig.Ups("pyrphoros@127.0.0.1:3493", "", "", POLL, ON_BATTERY_POLL, 3,
            1.25, STALE_AFTER, Duration.ofSeconds(60), Duration.ofSeconds(120), false);
    /** 1.25 x 180 s = 225 s. */
    static final Budget BUDGET = new Budget(Duration.ofSeconds(180), 0, Budget.Source.CONFIG);
    static final UpsTarget TARGET = UpsTarget.parse(UPS.target());

    final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
    final Deque<String> script = new ArrayDeque<>();
    final List<Duration> sleeps = new ArrayList<>();
    final List<Decision> triggers = new ArrayList<>();
    final AtomicInteger refreshes = new AtomicInteger();
    final HecateMetrics metrics = new HecateMetrics();
    TriggerAction action = triggers::add;
    PowerWatch watch;

    @AfterEach
    void close() {
        if (watch != null) {
            watch.close();
        }
        metrics.close();
    }

    @Test
    void pollsFasterWhileOnBattery() {
        List<Duration> intervals = new ArrayList<>();
        for (String poll : List.of("OL", "OL", "OB 1800", "OB 1700", "LOST", "OL")) {
            poll(poll);
            intervals.add(watch().interval());
        }

        assertThat(intervals).containsExactly(POLL, POLL, ON_BATTERY_POLL, ON_BATTERY_POLL, ON_BATTERY_POLL, POLL);
    }

    @Test
    void runPollsUntilStoppedWaitingTheIntervalOfTheLastPoll() {
        script.addAll(List.of("OL", "OB 1800", "OB 1700", "OL"));
        watch = newWatch(duration -> {
            sleeps.add(duration);
            clock.advance(duration);
            if (script.isEmpty()) {
                watch.stop();
            }
        });

        watch.run();

        assertThat(watch.polls()).isEqualTo(4);
        assertThat(sleeps).containsExactly(POLL, ON_BATTERY_POLL, ON_BATTERY_POLL, POLL);
        assertThat(refreshes).hasValue(4);
    }

    @Test
    void takesStaleDataForNoData() {
        poll("OL");
        Decision stale = poll("STALE");

        assertThat(stale.alarm()).isTrue();
        assertThat(stale.state()).isEqualTo(PowerState.NUT_ALARM);
        assertThat(stale.reason()).contains("stale: data 20s old (stale after 15s)");
        assertThat(scraped()).contains("hecate_nut_reachable 0.0", "hecate_nut_alarm 1.0");
    }

    @Test
    void takesANutErrorForNoData() {
        Decision lost = poll("LOST");

        assertThat(lost.alarm()).isTrue();
        assertThat(lost.trigger()).isFalse();
        assertThat(lost.reason()).contains("cannot connect to upsd");
    }

    @Test
    void runsTheActionOnceWhenRuntimeStaysBelowTheThreshold() {
        List<Decision> decisions = polls("OL", "OB 1800", "OB 220", "OB 210", "OB 200", "OB 190", "OB LB", "LOST");

        assertThat(triggers).hasSize(1);
        assertThat(triggers.get(0).reason()).contains("200s <= threshold 225s for 3 consecutive polls");
        assertThat(decisions.get(4).trigger()).isTrue();
        assertThat(watch.triggeredAt()).contains(clock.start.plusSeconds(4));
    }

    @Test
    void flappingDoesNotRunTheAction() {
        polls("OB 200", "OL", "OB 200", "OB 200", "OL", "OB 200", "OL", "OB 200", "OB 200", "OL");

        assertThat(triggers).isEmpty();
    }

    @Test
    void runsAFailedActionAgainAtTheNextPollWhileTriggered() {
        AtomicInteger calls = new AtomicInteger();
        action = decision -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("engine busy");
            }
        };

        polls("OB LB", "OB LB", "OB LB", "OB LB");

        assertThat(calls).hasValue(2);
    }

    @Test
    void feedsTheMetricsEveryPoll() {
        polls("OB 220", "OB 210");

        assertThat(scraped()).contains(
                "hecate_ups_runtime_seconds 210.0",
                "hecate_ups_status{flag=\"OB\"} 1.0",
                "hecate_nut_reachable 1.0",
                "hecate_trigger_threshold_seconds 225.0",
                "hecate_shutdown_budget_seconds{source=\"config\"} 180.0",
                "hecate_debounce_polls 2.0",
                "hecate_trigger_latched 0.0");
        assertThat(refreshes).hasValue(2);
    }

    @Test
    void keepsPollingWhenTheMetricsRefreshFails() {
        watch = new PowerWatch(UPS, this::read, () -> BUDGET, metrics, decision -> triggers.add(decision),
                () -> {
                    throw new IllegalStateException("H2 gone");
                }, clock, duration -> clock.advance(duration), Runnable::run);

        script.addAll(List.of("OB LB", "OB LB"));
        watch.poll();
        watch.poll();

        assertThat(triggers).hasSize(1);
    }

    @Test
    void tellsTheListenerEveryPollBeforeTheTriggerActsAndPollsOnWhenItFails() {
        List<String> told = new ArrayList<>();
        action = decision -> told.add("action");
        watch = new PowerWatch(UPS, this::read, () -> BUDGET, metrics, decision -> action.onTrigger(decision),
                () -> { }, clock, duration -> clock.advance(duration), Runnable::run, (sample, decision) -> {
                    told.add((sample.onBattery() ? "battery" : "mains") + (decision.trigger() ? " trigger" : ""));
                    if (told.size() == 1) {
                        throw new IllegalStateException("listener broke");
                    }
                });

        script.addAll(List.of("OL", "OB 600", "OB LB"));
        watch.poll();
        watch.poll();
        watch.poll();

        assertThat(told).containsExactly("mains", "battery", "battery trigger", "action");
    }

    private List<Decision> polls(String... polls) {
        return Arrays.stream(polls).map(this::poll).toList();
    }

    /** One poll, then one interval of fake time. */
    private Decision poll(String poll) {
        script.add(poll);
        Decision decision = watch().poll();
        clock.advance(Duration.ofSeconds(1));
        return decision;
    }

    private PowerWatch watch() {
        if (watch == null) {
            watch = newWatch(duration -> clock.advance(duration));
        }
        return watch;
    }

    private PowerWatch newWatch(PowerWatch.Sleeper sleeper) {
        return new PowerWatch(UPS, this::read, () -> BUDGET, metrics, decision -> action.onTrigger(decision),
                refreshes::incrementAndGet, clock, sleeper, Runnable::run);
    }

    private UpsReading read() {
        String poll = script.removeFirst();
        if (poll.equals("LOST")) {
            throw new NutException("cannot connect to upsd at 127.0.0.1:3493", TARGET.toString(), "Connection refused",
                    "is upsd running?");
        }
        Instant readAt = poll.equals("STALE") ? clock.instant().minusSeconds(20) : clock.instant();
        List<String> words = poll.equals("STALE") ? List.of("OL") : List.of(poll.split(" "));
        Set<String> flags = words.stream().filter(word -> !word.matches("\\d+")).collect(Collectors.toSet());
        OptionalLong runtime = words.stream().filter(word -> word.matches("\\d+")).mapToLong(Long::parseLong).findFirst();
        return new UpsReading(TARGET, flags, OptionalDouble.of(50), runtime, OptionalDouble.of(20), readAt);
    }

    private String scraped() {
        return metrics.text();
    }

    static final class FakeClock extends Clock {
        final Instant start;
        private Instant now;

        FakeClock(Instant start) {
            this.start = start;
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
