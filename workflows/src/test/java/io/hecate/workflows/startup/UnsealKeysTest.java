package io.hecate.workflows.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsealKeysTest {

    @TempDir
    Path dir;

    private Path keyFile(String mode) throws IOException {
        Path file = dir.resolve("keys");
        Files.writeString(file, "k1\n\n  k2  \nk3\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void readsOneKeyPerLineFromA0600File() throws Exception {
        assertThat(UnsealKeys.fromFile(keyFile("rw-------"))).containsExactly("k1", "k2", "k3");
        assertThat(UnsealKeys.fromFile(keyFile("r--------"))).hasSize(3);
    }

    @Test
    void refusesAFileLooserThan0600WithoutNamingAKey() throws IOException {
        for (String mode : List.of("rw-r-----", "rw----r--", "rwx------")) {
            assertThatThrownBy(() -> UnsealKeys.fromFile(keyFile(mode))).isInstanceOf(UnsealKeys.Unavailable.class)
                    .hasMessageContaining("looser than 0600").hasMessageNotContaining("k1");
        }
    }

    @Test
    void readsKeysFromTheBreakGlassCommand() throws UnsealKeys.Unavailable {
        assertThat(UnsealKeys.fromCommand("printf 'a\\nb\\n'", Duration.ofSeconds(5))).containsExactly("a", "b");
    }

    @Test
    void killsABreakGlassCommandAtItsTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> UnsealKeys.fromCommand("sleep 30", Duration.ofSeconds(1)))
                .isInstanceOf(UnsealKeys.Unavailable.class).hasMessageContaining("did not finish within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void reportsAFailingBreakGlassCommandByExitCodeOnly() {
        assertThatThrownBy(() -> UnsealKeys.fromCommand("echo secret-key >&2; exit 4", Duration.ofSeconds(5)))
                .hasMessage("break-glass command exited 4");
    }
}
