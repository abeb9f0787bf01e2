package io.hecate.connectors.timesync;

/** Whether a node's clock is synchronised, as startup's time-sync gate needs to know. */
public interface ClockSync {

    /** Never throws for odd output (that is "not synchronised"); SSH failures propagate as SshException. */
    SyncState check(String node);
}
