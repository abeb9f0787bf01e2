package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.runtime.EngineDatabase;
import java.nio.file.Files;
import java.util.Optional;

/** Opens the run history straight from H2, without booting the engine; empty when no run was ever recorded. */
final class HistoryAccess {

    private HistoryAccess() {
    }

    static Optional<RunHistory> open(HecateConfig config) {
        if (!Files.exists(config.engineDir().resolve("hecate.mv.db"))) {
            return Optional.empty();
        }
        return Optional.of(new RunHistory(EngineDatabase.dataSource(config.engineDir())));
    }
}
