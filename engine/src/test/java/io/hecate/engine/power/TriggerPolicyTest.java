package io.hecate.engine.power;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Polls are written as UPS status words plus an optional runtime: {@code "OB 200"}, {@code "OL"},
 * {@code "OB LB"}; {@code "LOST"} is a poll without data. Polls are {@link #POLL} apart.
 */
class TriggerPolicyTest {

    static final Duration POLL = Duration.ofSeconds(10);
    static final Duration BUDGET = Duration.ofSeconds(240);
    /** 1.25 x 240 s. */
    static final long THRESHOLD = 300;
    static final PolicySettings SETTINGS = new PolicySettings(
            1.25, 3, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120));
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    final TriggerPolicy policy = new TriggerPolicy(SETTINGS);

    @Test
    void triggersAfterDebounceConsecutiveLowPolls() {
        List<Decision> decisions = feed("OL", "OB 280", "OB 270", "OB 260");

        assertThat(triggers(decisions)).containsExactly(3);
        Decision last = decisions.get(3);
        assertThat(last.state()).isEqualTo(PowerState.TRIGGERED);
        assertThat(last.latched()).isTrue();
        assertThat(last.belowThresholdPolls()).isEqualTo(3);
        assertThat(last.reason()).contains("260s <= threshold 300s for 3 consecutive polls");
    }

    @Test
    void doesNotTriggerOnSingleNoisyReading() {
        List<Decision> decisions = feed("OB 1800", "OB 120", "OB 1790", "OB 1780", "OB 250", "OB 1770");

        assertThat(triggers(decisions)).isEmpty();
        assertThat(decisions).extracting(Decision::belowThresholdPolls).containsExactly(0, 1, 0, 0, 1, 0);
    }

    @Test
    void flappingOnBatteryOnMainsNeverTriggers() {
        String[] flapping = new String[40];
        for (int i = 0; i < flapping.length; i++) {
            flapping[i] = i % 3 == 2 ? "OL" : "OB 100";
        }

        List<Decision> decisions = feed(flapping);

        assertThat(triggers(decisions)).isEmpty();
        assertThat(decisions).extracting(Decision::belowThresholdPolls).allMatch(polls -> polls < 3);
    }

    @Test
    void lowBatteryTriggersAtOnce() {
        List<Decision> decisions = feed("OL", "OB LB 1200");

        assertThat(triggers(decisions)).containsExactly(1);
        assertThat(decisions.get(1).reason()).contains("low battery (LB)");
    }

    @Test
    void lowBatteryWhileChargingOnMainsDoesNotTrigger() {
        assertThat(triggers(feed("OL LB CHRG 100", "OL LB CHRG 120", "OL LB CHRG 140"))).isEmpty();
    }

    @Test
    void forcedShutdownTriggersAtOnce() {
        List<Decision> decisions = feed("OL 3000", "OL FSD 3000");

        assertThat(triggers(decisions)).containsExactly(1);
        assertThat(decisions.get(1).reason()).contains("FSD");
    }

    @Test
    void runtimeAboveThresholdOnBatteryDoesNotTrigger() {
        List<Decision> decisions = feed("OB 301", "OB 301", "OB 301", "OB 301", "OB 301");

        assertThat(triggers(decisions)).isEmpty();
        assertThat(decisions).extracting(Decision::state).containsOnly(PowerState.ON_BATTERY);
    }

    @Test
    void runtimeEqualToThresholdCounts() {
        assertThat(triggers(feed("OB 300", "OB 300", "OB 300"))).containsExactly(2);
    }

    @Test
    void onBatteryWithoutRuntimeIsNotCountedNorReset() {
        List<Decision> decisions = feed("OB 200", "OB", "OB 200", "OB", "OB 200");

        assertThat(triggers(decisions)).containsExactly(4);
        assertThat(decisions.get(1).belowThresholdPolls()).isEqualTo(1);
        assertThat(decisions.get(1).reason()).contains("without a runtime reading: poll not counted");
        assertThat(decisions.get(1).logLine()).contains("runtime=unknown");
    }

    @Test
    void lostNutDataRaisesAlarmWithoutTrigger() {
        List<Decision> decisions = feed("OB 200", "OB 200", "LOST", "LOST", "OB 200");

        Decision lost = decisions.get(2);
        assertThat(lost.state()).isEqualTo(PowerState.NUT_ALARM);
        assertThat(lost.alarm()).isTrue();
        assertThat(lost.trigger()).isFalse();
        assertThat(lost.belowThresholdPolls()).as("count kept, not reset").isEqualTo(2);
        assertThat(lost.reason()).contains("connection refused", "last seen on battery");
        assertThat(triggers(decisions)).as("the count survives the gap").containsExactly(4);
    }

    @Test
    void lostNutDataBeforeAnyGoodSampleRaisesAlarm() {
        Decision first = policy.decide(UpsSample.unreachable(START, "stale"), BUDGET);

        assertThat(first.state()).isEqualTo(PowerState.NUT_ALARM);
        assertThat(first.alarm()).isTrue();
        assertThat(first.trigger()).isFalse();
    }

    @Test
    void statusWithoutOnLineOrOnBatteryIsNoData() {
        Decision waiting = policy.decide(sample(START, "WAIT"), BUDGET);

        assertThat(waiting.state()).isEqualTo(PowerState.NUT_ALARM);
        assertThat(waiting.alarm()).isTrue();
    }

    @Test
    void lostNutDataAfterOnBatteryTriggersPastDeadTime() {
        // last good sample at 0 s; dead time 60 s: 60 s is not past it, 70 s is
        List<Decision> decisions = feed("OB 1800", "LOST", "LOST", "LOST", "LOST", "LOST", "LOST", "LOST", "LOST");

        assertThat(triggers(decisions)).containsExactly(7);
        assertThat(decisions.get(6).state()).isEqualTo(PowerState.NUT_ALARM);
        Decision triggered = decisions.get(7);
        assertThat(triggered.state()).isEqualTo(PowerState.TRIGGERED);
        assertThat(triggered.alarm()).isTrue();
        assertThat(triggered.reason()).contains("last seen on battery, NUT unreachable for 70s");
        assertThat(decisions.get(8).trigger()).isFalse();
    }

    /**
     * NTP steps the wall clock while NUT is lost on battery (a host that booted without a battery-backed clock): an hour
     * back did hold the dead-time trigger off for that hour, an hour forward fired it at the next poll. The samples'
     * steady clock, 10 s a poll, decides.
     */
    @Test
    void aStepOfTheWallClockNeitherHoldsOffNorFiresTheDeadTime() {
        List<String> polls = List.of("OB 1800", "LOST", "LOST", "LOST", "LOST", "LOST", "LOST", "LOST");
        for (Duration step : List.of(Duration.ofHours(-1), Duration.ofHours(1))) {
            TriggerPolicy stepped = new TriggerPolicy(SETTINGS);
            List<Integer> fired = new ArrayList<>();
            for (int i = 0; i < polls.size(); i++) {
                Instant steady = START.plus(POLL.multipliedBy(i));
                Instant wall = i < 2 ? steady : steady.plus(step);
                if (stepped.decide(sample(wall, polls.get(i)).steadyAt(UpsSample.nanos(steady)), BUDGET).trigger()) {
                    fired.add(i);
                }
            }
            assertThat(fired).as("wall clock stepped by %s after the second poll", step).containsExactly(7);
        }
    }

    @Test
    void lostNutDataAfterOnMainsNeverTriggers() {
        List<Decision> decisions = feed(concat(List.of("OB 200", "OB 200", "OL"), Collections.nCopies(100, "LOST")));

        assertThat(triggers(decisions)).isEmpty();
        assertThat(decisions.get(decisions.size() - 1).reason()).contains("last seen on mains");
    }

    @Test
    void triggerLatchesUntilMainsBackForRestoreTime() {
        // restore 120 s = 12 poll intervals of continuous mains after the first OL poll
        List<String> polls = concat(List.of("OB LB"), Collections.nCopies(14, "OL"), List.of("OB LB"));

        List<Decision> decisions = feed(polls);

        assertThat(triggers(decisions)).containsExactly(0, 15);
        assertThat(decisions.subList(1, 13)).allSatisfy(decision -> {
            assertThat(decision.state()).isEqualTo(PowerState.TRIGGERED);
            assertThat(decision.latched()).isTrue();
        });
        Decision rearmed = decisions.get(13);
        assertThat(rearmed.state()).isEqualTo(PowerState.ON_MAINS);
        assertThat(rearmed.latched()).isFalse();
        assertThat(rearmed.reason()).contains("re-armed");
    }

    @Test
    void mainsBlipShorterThanRestoreKeepsLatch() {
        List<String> polls = concat(List.of("OB LB"), Collections.nCopies(8, "OL"), List.of("OB 1800"),
                Collections.nCopies(8, "OL"), List.of("LOST"), Collections.nCopies(8, "OL"));

        List<Decision> decisions = feed(polls);

        assertThat(triggers(decisions)).containsExactly(0);
        assertThat(decisions).allSatisfy(decision -> assertThat(decision.latched()).isTrue());
    }

    @ParameterizedTest(name = "{0} x {1} -> {2} s")
    @CsvSource({
        "1.25, PT240S,  300",
        "1.10, PT300S,  330",
        "1.25, PT241S,  302",
        "1.00, PT0.5S,  1",
        "1.50, PT10M,   900",
        "1.25, PT0S,    0",
    })
    void thresholdIsFactorTimesBudget(double factor, Duration budget, long threshold) {
        TriggerPolicy policy = new TriggerPolicy(new PolicySettings(
                factor, 3, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)));

        Decision decision = policy.decide(sample(START, "OL"), budget);

        assertThat(decision.thresholdSeconds()).isEqualTo(threshold);
    }

    @Test
    void logLineNamesRuntimeThresholdAndPolls() {
        Decision decision = feed("OB DISCHRG 250").get(0);

        assertThat(decision.logLine())
                .doesNotContain("\n")
                .contains("state=ON_BATTERY", "runtime=250s", "threshold=" + THRESHOLD + "s", "polls=1/3",
                        "flags=DISCHRG,OB", "reason=\"on battery, runtime 250s <= threshold 300s (poll 1 of 3)\"");
    }

    @Test
    void settingsComeFromTheUpsConfig() {
        var ups = new io.hecate.engine.config.HecateConfig.Ups("ups@localhost", "", "", Duration.ofSeconds(5),
                Duration.ofSeconds(2), 4, 1.3, Duration.ofSeconds(20), Duration.ofSeconds(90), Duration.ofMinutes(5), false);

        assertThat(PolicySettings.from(ups)).isEqualTo(new PolicySettings(
                1.3, 4, Duration.ofSeconds(20), Duration.ofSeconds(90), Duration.ofMinutes(5)));
    }

    private List<Decision> feed(List<String> polls) {
        return feed(polls.toArray(String[]::new));
    }

    private List<Decision> feed(String... polls) {
        List<Decision> decisions = new ArrayList<>();
        Instant at = START;
        for (String poll : polls) {
            decisions.add(policy.decide(sample(at, poll), BUDGET));
            at = at.plus(POLL);
        }
        return decisions;
    }

    private static UpsSample sample(Instant at, String poll) {
        if (poll.equals("LOST")) {
            return UpsSample.unreachable(at, "connection refused");
        }
        Set<String> flags = new HashSet<>();
        OptionalLong runtime = OptionalLong.empty();
        for (String word : poll.split(" ")) {
            if (word.chars().allMatch(Character::isDigit)) {
                runtime = OptionalLong.of(Long.parseLong(word));
            } else {
                flags.add(word);
            }
        }
        return new UpsSample(at, true, flags, runtime, null);
    }

    private static List<Integer> triggers(List<Decision> decisions) {
        List<Integer> polls = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).trigger()) {
                polls.add(i);
            }
        }
        return polls;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
