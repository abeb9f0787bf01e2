package io.hecate.engine.power;

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
 * @param flags the words of {@code ups.status} (OL, OB, LB, FSD, CHRG ...), upper case
 */
public record UpsSample(
        Instant at,
        boolean reachable,
        Set<String> flags,
        OptionalLong runtimeSeconds,
        String problem,
        OptionalDouble chargePercent,
        OptionalDouble loadPercent) {

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

    public UpsSample(Instant at, boolean reachable, Set<String> flags, OptionalLong runtimeSeconds, String problem) {
        this(at, reachable, flags, runtimeSeconds, problem, OptionalDouble.empty(), OptionalDouble.empty());
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
