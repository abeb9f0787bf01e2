package io.hecate.connectors.nut;

import io.hecate.connectors.ActionRecorder;
import java.util.Objects;

/**
 * The dry-run form: reads the real UPS (reading changes nothing) but only records the FSD it would
 * have sent.
 */
public final class DryRunUpsMonitor implements UpsMonitor {

    private final UpsMonitor reader;
    private final UpsTarget target;
    private final ActionRecorder recorder;

    public DryRunUpsMonitor(UpsMonitor reader, UpsTarget target, ActionRecorder recorder) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.target = Objects.requireNonNull(target, "target");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    @Override
    public UpsReading read() {
        return reader.read();
    }

    @Override
    public void forcedShutdown() {
        recorder.record("nut: would send FSD to " + target);
    }

    @Override
    public void close() {
        reader.close();
    }
}
