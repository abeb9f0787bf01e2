package io.hecate.connectors.local;

/** This host, the one Hecate runs on. Every failure is a {@link LocalException}. */
public interface HostPower {

    /** Starts powering this host off; returns once the command that does it has finished. */
    void powerOff();
}
