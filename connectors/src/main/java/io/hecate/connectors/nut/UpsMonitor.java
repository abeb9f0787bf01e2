package io.hecate.connectors.nut;

/** The UPS verbs Hecate needs. Every failure is a {@link NutException}. */
public interface UpsMonitor extends AutoCloseable {

    /** Reads status, charge, runtime and load in one round trip. */
    UpsReading read();

    /** Sets the forced-shutdown flag in upsd, which makes every upsmon of this UPS shut down. */
    void forcedShutdown();

    @Override
    void close();
}
