package io.hecate.engine.power;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides when the cluster is powered back on after a completed power-triggered shutdown: mains back without a
 * break for {@code mains_restore_seconds} (the same time that re-arms the trigger) and the UPS charge at least
 * {@code restore.min_battery_charge}, so a second outage can still be ridden out. No data is not mains: it
 * restarts the wait. Pure: time comes from the samples, measured on their steady clock ({@link UpsSample#since}). Not
 * thread-safe; one poller drives it.
 */
public final class RestorePolicy {

    private final Duration mainsRestore;
    private final int minBatteryCharge;
    /** The first sample of the mains that go on now. */
    private UpsSample mainsSince;

    public RestorePolicy(Duration mainsRestore, int minBatteryCharge) {
        this.mainsRestore = mainsRestore;
        this.minBatteryCharge = minBatteryCharge;
    }

    /**
     * @param pending the completed power-triggered shutdown, empty when nothing waits to be restored
     * @param inProgress the state of a restore run that goes on, empty when none does
     */
    public RestoreDecision decide(UpsSample sample, Optional<PendingRestore> pending, Optional<RestoreState> inProgress) {
        boolean mains = sample.onMains() && !sample.has(UpsSample.FORCED_SHUTDOWN);
        if (!mains) {
            mainsSince = null;
        } else if (mainsSince == null) {
            mainsSince = sample;
        }
        Instant mainsAt = mainsSince == null ? null : mainsSince.at();
        if (inProgress.isPresent()) {
            return new RestoreDecision(inProgress.get(), false, "restore run in progress", mainsAt);
        }
        if (pending.isEmpty()) {
            return new RestoreDecision(RestoreState.IDLE, false, "no completed power-triggered shutdown to undo", mainsAt);
        }
        if (mainsSince == null) {
            String why = sample.reportsPowerSource() ? "on battery" : "no UPS data (" + sample.problem() + "), not taken as mains";
            return new RestoreDecision(RestoreState.WAITING_FOR_MAINS, false, why, null);
        }
        Duration onMains = sample.since(mainsSince);
        if (onMains.compareTo(mainsRestore) < 0) {
            return new RestoreDecision(RestoreState.WAITING_FOR_MAINS, false, "on mains for " + onMains.toSeconds() + "s of "
                    + mainsRestore.toSeconds() + "s", mainsAt);
        }
        if (minBatteryCharge > 0 && sample.chargePercent().isEmpty()) {
            return new RestoreDecision(RestoreState.WAITING_FOR_CHARGE, false, "on mains for " + onMains.toSeconds()
                    + "s, battery charge not reported (needed: " + minBatteryCharge + "%)", mainsAt);
        }
        double charge = sample.chargePercent().orElse(0);
        if (charge < minBatteryCharge) {
            return new RestoreDecision(RestoreState.WAITING_FOR_CHARGE, false, "on mains for " + onMains.toSeconds()
                    + "s, battery charge " + Math.round(charge) + "% below " + minBatteryCharge + "%", mainsAt);
        }
        return new RestoreDecision(RestoreState.POWERING_ON, true, "on mains for " + onMains.toSeconds() + "s, battery charge "
                + Math.round(charge) + "% (>= " + minBatteryCharge + "%): restoring after " + pending.get().reason(), mainsAt);
    }
}
