package io.hecate.engine.power;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One poll of the UPS as NUT reported it. {@code reachable == false} means there is no data at all (NUT
 * unreachable, an ERR reply, or data the poller judged stale); {@code problem} then says why.
 *
 * @param at when, on the wall clock (what is shown and recorded)
 * @param flags the words of {@code ups.status} (OL, OB, LB, FSD, CHRG ...), upper case
 * @param steadyNanos when, on a clock no step of the wall clock moves ({@link System#nanoTime()} for the daemon's
 *     polls): what the time between two samples is measured on ({@link #since})
 */
public record UpsSample(
        Instant at,
        boolean reachable,
        Set<String> flags,
        OptionalLong runtimeSeconds,
        String problem,
        OptionalDouble chargePercent,
        OptionalDouble loadPercent,
        long steadyNanos) {

    public static final String ON_LINE = "OL";
    public static final String ON_BATTERY = "OB";
    public static final String LOW_BATTERY = "LB";
    public static final String FORCED_SHUTDOWN = "FSD";

    public UpsSample {
        Objects.requireNonNull(at, "at");
        flags = flags.stream().map(flag -> flag.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(runtimeSeconds, "runtimeSeconds");
        Objects.requireNonNull(chargePercent, "chargePercent");
        Objects.requireNonNull(loadPercent, "loadPercent");
    }

    /** A sample whose steady time is its wall-clock time. */
    public UpsSample(Instant at, boolean reachable, Set<String> flags, OptionalLong runtimeSeconds, String problem,
            OptionalDouble chargePercent, OptionalDouble loadPercent) {
        this(at, reachable, flags, runtimeSeconds, problem, chargePercent, loadPercent, nanos(at));
    }

    /** {@code at} in nanoseconds since the epoch: a clock that only moves when told is its own steady clock. */
    static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    public UpsSample(Instant at, boolean reachable, Set<String> flags, OptionalLong runtimeSeconds, String problem) {
        this(at, reachable, flags, runtimeSeconds, problem, OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** This sample taken at {@code steadyNanos} on the steady clock. */
    public UpsSample steadyAt(long steadyNanos) {
        return new UpsSample(at, reachable, flags, runtimeSeconds, problem, chargePercent, loadPercent, steadyNanos);
    }

    /**
     * The time from {@code earlier} to this sample, on the steady clock: NTP stepping the wall clock between them (a host
     * that booted without a battery-backed clock, hours behind) neither fires the dead time at once nor holds it off.
     */
    public Duration since(UpsSample earlier) {
        return Duration.ofNanos(steadyNanos - earlier.steadyNanos);
    }

    /** A sample with no data, e.g. {@code unreachable(now, "connection refused")} or {@code (now, "stale")}. */
    public static UpsSample unreachable(Instant at, String problem) {
        return new UpsSample(at, false, Set.of(), OptionalLong.empty(), problem);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** Usable data: reachable and saying OL or OB. A status with neither (WAIT, OFF ...) is no data. */
    public boolean reportsPowerSource() {
        return reachable && (has(ON_LINE) || has(ON_BATTERY));
    }

    public boolean onBattery() {
        return reachable && has(ON_BATTERY);
    }

    /** OL without OB: a UPS reporting both is switching over and counts as on battery. */
    public boolean onMains() {
        return reachable && has(ON_LINE) && !has(ON_BATTERY);
    }
}
