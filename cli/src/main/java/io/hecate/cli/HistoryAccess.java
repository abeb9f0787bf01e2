package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.OrphanSweep;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.runtime.EngineDatabase;
import java.time.Clock;
import java.util.Optional;

/**
 * Opens the run history straight from H2, without booting the engine; empty when no run was ever recorded.
 * Orphans are swept first, so a reader never shows a run whose owner died as running.
 */
final class HistoryAccess {

    private HistoryAccess() {
    }

    static Optional<RunHistory> open(HecateConfig config) {
        Optional<RunHistory> history = EngineDatabase.existingHistory(config.engineDir());
        history.ifPresent(h -> new OrphanSweep(h, Clock.systemUTC()).sweep());
        return history;
    }
}
