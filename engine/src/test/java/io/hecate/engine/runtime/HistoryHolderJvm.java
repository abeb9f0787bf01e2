package io.hecate.engine.runtime;

import io.hecate.engine.history.RunHistory;
import java.nio.file.Path;

/**
 * A second JVM for {@link EngineDatabaseTest}: {@code ENGINE_DIR} opens the history as the engine's processes do
 * (AUTO_SERVER, waiting out a hand-over), {@code ENGINE_DIR alone} as a reader for one read does; it prints
 * {@code holding} once it has the file and keeps it until its standard input closes.
 */
public final class HistoryHolderJvm {

    private HistoryHolderJvm() {
    }

    public static void main(String[] args) throws Exception {
        Path engineDir = Path.of(args[0]);
        boolean alone = args.length > 1 && "alone".equals(args[1]);
        try (RunHistory history = alone ? EngineDatabase.existingHistoryForOneRead(engineDir).orElseThrow()
                : RunHistory.owning(EngineDatabase.historyPool(engineDir))) {
            history.runs(1);
            System.out.println("holding");
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
