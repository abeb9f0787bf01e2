package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import java.util.Optional;

/**
 * The run viewer's power panel where no daemon polls the UPS ({@code hecate ui}, {@code hecate demo}): what
 * {@code status} prints, the UPS read now. The history is opened once it exists and then kept.
 */
final class LiveStatus {

    private final HecateConfig config;
    private Optional<RunHistory> history = Optional.empty();

    LiveStatus(HecateConfig config) {
        this.config = config;
    }

    synchronized StatusReport report() {
        if (history.isEmpty()) {
            history = HistoryAccess.open(config);
        }
        return StatusReport.read(config, history, StatusReport.readUps(config.ups()), null, DaemonPresence.of(config.stateDir()));
    }
}
