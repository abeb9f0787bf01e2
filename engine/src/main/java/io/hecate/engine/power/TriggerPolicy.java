package io.hecate.engine.power;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;

/**
 * Decides from UPS polls when the emergency shutdown must start (design.md, "The rules that matter in a
 * power emergency"). Pure: time comes from the samples, measured on their steady clock ({@link UpsSample#since}). Not
 * thread-safe; one poller drives it.
 *
 * <ul>
 *   <li>On battery with runtime at or below {@code factor x budget} for {@code debouncePolls} consecutive polls
 *       triggers; a poll on mains or with runtime above the threshold restarts the count, so flapping and a
 *       single noisy reading never trigger. An on-battery poll without a runtime reading is not counted.
 *   <li>LB while on battery, or FSD at any time, triggers at once.
 *   <li>No data is neither mains nor an outage: an alarm, the count is kept. Only when the UPS was last seen
 *       on battery and the data stays dead past the dead time does it trigger.
 *   <li>A trigger latches until the UPS has been on mains continuously for the restore time.
 * </ul>
 */
public final class TriggerPolicy {

    private final PolicySettings settings;
    private int belowThresholdPolls;
    private UpsSample lastGood;
    private boolean latched;
    /** The first sample of the mains since the trigger. */
    private UpsSample mainsSince;

    public TriggerPolicy(PolicySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Decision decide(UpsSample sample, Duration emergencyBudget) {
        long threshold = threshold(emergencyBudget);
        if (sample.reportsPowerSource()) {
            lastGood = sample;
        }
        if (latched) {
            return whileLatched(sample, threshold);
        }
        if (sample.reachable() && sample.has(UpsSample.FORCED_SHUTDOWN)) {
            return trigger(sample, threshold, "forced shutdown (FSD) from the UPS");
        }
        if (!sample.reportsPowerSource()) {
            return withoutData(sample, threshold);
        }
        if (sample.onBattery()) {
            return onBattery(sample, threshold);
        }
        String reason = belowThresholdPolls > 0 ? "on mains, low-runtime count reset" : "on mains";
        belowThresholdPolls = 0;
        return decision(PowerState.ON_MAINS, false, reason, threshold, sample);
    }

    /** {@code ceil(factor x budget)} in whole seconds, in decimal so 1.10 x 300 s is 330, not 331. */
    public long threshold(Duration emergencyBudget) {
        BigDecimal budgetSeconds = BigDecimal.valueOf(emergencyBudget.toMillis(), 3);
        return BigDecimal.valueOf(settings.runtimeSafetyFactor())
                .multiply(budgetSeconds)
                .setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    private Decision onBattery(UpsSample sample, long threshold) {
        if (sample.has(UpsSample.LOW_BATTERY)) {
            return trigger(sample, threshold, "low battery (LB) on battery");
        }
        if (sample.runtimeSeconds().isEmpty()) {
            return decision(PowerState.ON_BATTERY, false, "on battery without a runtime reading: poll not counted",
                    threshold, sample);
        }
        long runtime = sample.runtimeSeconds().getAsLong();
        if (runtime > threshold) {
            belowThresholdPolls = 0;
            return decision(PowerState.ON_BATTERY, false,
                    "on battery, runtime " + runtime + "s above threshold " + threshold + "s", threshold, sample);
        }
        belowThresholdPolls++;
        String low = "on battery, runtime " + runtime + "s <= threshold " + threshold + "s";
        if (belowThresholdPolls >= settings.debouncePolls()) {
            return trigger(sample, threshold, low + " for " + belowThresholdPolls + " consecutive polls");
        }
        return decision(PowerState.ON_BATTERY, false,
                low + " (poll " + belowThresholdPolls + " of " + settings.debouncePolls() + ")", threshold, sample);
    }

    private Decision withoutData(UpsSample sample, long threshold) {
        String problem = sample.reachable() ? "no OL/OB in status" : Objects.requireNonNullElse(sample.problem(), "no data");
        if (lastGood == null) {
            return decision(PowerState.NUT_ALARM, false,
                    "NUT data unavailable (" + problem + "), no good sample yet: not mains, not an outage", threshold, sample);
        }
        Duration dead = sample.since(lastGood);
        String lastSeen = lastGood.onBattery() ? "on battery" : "on mains";
        if (lastGood.onBattery() && dead.compareTo(settings.deadTime()) > 0) {
            return trigger(sample, threshold, "last seen on battery, NUT unreachable for " + dead.toSeconds() + "s"
                    + " (dead time " + settings.deadTime().toSeconds() + "s): " + problem);
        }
        return decision(PowerState.NUT_ALARM, false, "NUT data unavailable (" + problem + ") for " + dead.toSeconds()
                + "s, last seen " + lastSeen + ": not mains, not an outage", threshold, sample);
    }

    private Decision trigger(UpsSample sample, long threshold, String reason) {
        latched = true;
        mainsSince = null;
        return decision(PowerState.TRIGGERED, true, reason, threshold, sample);
    }

    private Decision whileLatched(UpsSample sample, long threshold) {
        if (!sample.onMains() || sample.has(UpsSample.FORCED_SHUTDOWN)) {
            mainsSince = null;
            return decision(PowerState.TRIGGERED, false,
                    "triggered, latched until on mains for " + settings.mainsRestore().toSeconds() + "s", threshold, sample);
        }
        if (mainsSince == null) {
            mainsSince = sample;
        }
        Duration onMains = sample.since(mainsSince);
        if (onMains.compareTo(settings.mainsRestore()) < 0) {
            return decision(PowerState.TRIGGERED, false, "triggered, on mains for " + onMains.toSeconds() + "s of "
                    + settings.mainsRestore().toSeconds() + "s needed to re-arm", threshold, sample);
        }
        latched = false;
        mainsSince = null;
        belowThresholdPolls = 0;
        return decision(PowerState.ON_MAINS, false, "on mains for " + onMains.toSeconds() + "s since the trigger: re-armed",
                threshold, sample);
    }

    private Decision decision(PowerState state, boolean trigger, String reason, long threshold, UpsSample sample) {
        return new Decision(state, trigger, reason, threshold, sample.runtimeSeconds(), belowThresholdPolls,
                !sample.reportsPowerSource(), latched, settings.debouncePolls(), sample.flags());
    }
}
