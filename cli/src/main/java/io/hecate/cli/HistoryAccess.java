package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.OrphanSweep;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.runtime.EngineDatabase;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * Opens the run history straight from H2, without booting the engine; empty when no run was ever recorded.
 * Orphans are swept first, so a reader never shows a run whose owner died as running. The caller closes what
 * {@link #open} and {@link #openForOneRead} return; {@link #read} does it for a single question.
 */
final class HistoryAccess {

    private HistoryAccess() {
    }

    /** To keep open for long, or while this process boots an engine. */
    static Optional<RunHistory> open(HecateConfig config) {
        return swept(EngineDatabase.existingHistory(config.engineDir()));
    }

    /** For a read closed at once, with no engine booted meanwhile: see {@link EngineDatabase#existingHistoryForOneRead}. */
    static Optional<RunHistory> openForOneRead(HecateConfig config) {
        return swept(EngineDatabase.existingHistoryForOneRead(config.engineDir()));
    }

    private static Optional<RunHistory> swept(Optional<RunHistory> history) {
        history.ifPresent(h -> new OrphanSweep(h, Clock.systemUTC()).sweep());
        return history;
    }

    static <T> Optional<T> read(HecateConfig config, Function<RunHistory, Optional<T>> question) {
        Optional<RunHistory> history = openForOneRead(config);
        try {
            return history.flatMap(question);
        } finally {
            history.ifPresent(RunHistory::close);
        }
    }
}
