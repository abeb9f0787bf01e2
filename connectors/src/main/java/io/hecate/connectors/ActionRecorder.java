package io.hecate.connectors;

/**
 * Where the dry-run form of a connector writes what it would have done, one line per action,
 * e.g. {@code ssh titan-0a: systemctl stop k3s-agent}.
 */
@FunctionalInterface
public interface ActionRecorder {

    void record(String action);
}
