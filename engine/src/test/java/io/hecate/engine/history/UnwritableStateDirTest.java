package io.hecate.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnwritableStateDirTest {

    @TempDir
    Path stateDir;

    @Test
    void theOsRefusingAWriteAnywhereInTheCausesIsAnUnwritableStateDirNamedWithItsReason() {
        RuntimeException engine = new IllegalStateException("ENGINE-03017 Could not perform operation 'create' on database schema",
                new SQLException("General error", "HY000", 50000, new IOException(new IOException("No space left on device"))));

        assertThat(UnwritableStateDir.caused(engine)).isTrue();
        UnwritableStateDir seen = UnwritableStateDir.seen(stateDir, engine).orElseThrow();
        assertThat(seen.reason()).isEqualTo("No space left on device");
        assertThat(seen).hasMessageStartingWith("state_dir " + stateDir + " cannot be written (No space left on device)")
                .hasMessageContaining("emergency shutdown").hasCause(engine);
        assertThat(UnwritableStateDir.seen(stateDir, seen)).containsSame(seen);
        assertThat(UnwritableStateDir.seen(stateDir, new UncheckedIOException(new FileSystemException(stateDir + "/intent.json", null,
                "Read-only file system")))).map(UnwritableStateDir::reason).contains("Read-only file system");
    }

    @Test
    void anyOtherFailureOnAFileSystemWithRoomIsNot() {
        RuntimeException other = new IllegalStateException("Table not found", new IOException("Connection reset"));

        assertThat(UnwritableStateDir.caused(other)).isFalse();
        assertThat(UnwritableStateDir.seen(stateDir, other)).as("a temp dir has more than 16 MiB free").isEmpty();
        assertThat(UnwritableStateDir.now(stateDir)).isEmpty();
        assertThat(UnwritableStateDir.freeBytes(stateDir)).isGreaterThan(UnwritableStateDir.NEARLY_FULL_BYTES);
        assertThat(UnwritableStateDir.freeBytes(stateDir.resolve("not/made/yet"))).as("asked of the nearest dir that exists")
                .isEqualTo(UnwritableStateDir.freeBytes(stateDir));
    }
}
