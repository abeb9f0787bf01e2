package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedExitTest {

    @Test
    void aJvmWhoseShutdownHookHangsEndsWithTheCommandsExitCode() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), HangingHook.class.getName())
                .redirectErrorStream(true).start();

        boolean ended = jvm.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            jvm.destroyForcibly();
        }
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(ended).as("the JVM ended").isTrue();
        assertThat(jvm.exitValue()).as(output).isEqualTo(3);
        assertThat(output).contains("hecate: the exit did not end within 1 s (a shutdown hook hangs); halting");
    }

    /** A process whose shutdown hook never ends, as H2's did, exiting as {@link Main} does. */
    static final class HangingHook {

        public static void main(String[] args) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            BoundedExit.exit(3, Duration.ofSeconds(1));
        }
    }
}
