package io.hecate.connectors.nut;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One poll of a UPS. Only real data becomes a reading: a status of {@code WAIT} (driver has no data
 * yet) or a stale driver is a {@link NutException}, never a reading, so it cannot pass for mains.
 */
public record UpsReading(UpsTarget target, Set<String> statusFlags, OptionalDouble chargePercent,
                         OptionalLong runtimeSeconds, OptionalDouble loadPercent, Instant readAt) {

    public UpsReading {
        Objects.requireNonNull(target, "target");
        statusFlags = Set.copyOf(statusFlags);
        Objects.requireNonNull(chargePercent, "chargePercent");
        Objects.requireNonNull(runtimeSeconds, "runtimeSeconds");
        Objects.requireNonNull(loadPercent, "loadPercent");
        Objects.requireNonNull(readAt, "readAt");
    }

    public boolean onBattery() {
        return statusFlags.contains("OB");
    }

    public boolean online() {
        return statusFlags.contains("OL");
    }

    public boolean lowBattery() {
        return statusFlags.contains("LB");
    }

    public boolean forcedShutdown() {
        return statusFlags.contains("FSD");
    }
}
