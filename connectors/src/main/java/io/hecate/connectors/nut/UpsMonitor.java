package io.hecate.connectors.nut;

import java.time.Duration;
import java.util.Optional;

/** The UPS verbs Hecate needs. Every failure is a {@link NutException}. */
public interface UpsMonitor extends AutoCloseable {

    /** Reads status, charge, runtime and load in one round trip. */
    UpsReading read();

    /** Sets the forced-shutdown flag in upsd, which makes every upsmon of this UPS shut down. */
    void forcedShutdown();

    /** {@code ups.delay.shutdown}: how long the UPS waits between a kill-power command and cutting the load. */
    Optional<Duration> shutdownDelay();

    /**
     * Asks the UPS to cut its load and restore it when mains return: {@code INSTCMD shutdown.return}, or FSD
     * when the driver does not support that command (NUT's fallback).
     */
    KillPower killPower();

    @Override
    void close();
}
