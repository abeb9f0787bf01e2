package io.hecate.connectors.nut;

import io.hecate.connectors.ActionRecorder;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The dry-run form: reads the real UPS (reading changes nothing) but only records the FSD it would
 * have sent and the kill-power command it would have asked for.
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
    public Optional<Duration> shutdownDelay() {
        return reader.shutdownDelay();
    }

    @Override
    public KillPower killPower() {
        recorder.record("nut: would send INSTCMD " + target.ups() + " shutdown.return to " + target
                + " (FSD if the UPS does not support it)");
        return KillPower.PLANNED;
    }

    @Override
    public void close() {
        reader.close();
    }
}
