package io.hecate.connectors.timesync;

/**
 * @param source "chrony" or "timedatectl" (whichever answered)
 * @param detail what was seen, for the operator: reference and offset, or why it is not synchronised
 */
public record SyncState(String node, boolean synchronised, String source, String detail) {
}
