package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.history.RunHistory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader's history lets the H2 file go when closed. One that does not keeps the database open, and H2's lock
 * watchdog writes the lock file again after the directory was removed (test dirs left behind in /tmp).
 */
class EngineDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aClosedExistingHistoryReleasesTheDatabaseFile() {
        RunHistory.owning(EngineDatabase.dataSource(dir)).close();
        RunHistory history = EngineDatabase.existingHistory(dir).orElseThrow();
        history.runs(1);
        assertThat(dir.resolve("hecate.lock.db")).exists();

        history.close();

        assertThat(dir.resolve("hecate.lock.db")).doesNotExist();
    }
}
