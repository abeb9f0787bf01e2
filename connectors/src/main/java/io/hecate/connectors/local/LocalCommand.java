package io.hecate.connectors.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A configured command run on this host directly, never through a shell, killed at its timeout. Messages show
 * {@code shown}, not the command: a caller whose command may carry a password passes a redacted form.
 */
final class LocalCommand {

    private static final int OUTPUT_SHOWN = 400;

    private final List<String> command;
    private final String shown;
    private final Duration timeout;
    private final String configKey;

    /** @param configKey where the command comes from, for messages (e.g. shutdown.poweroff_self_command) */
    LocalCommand(List<String> command, String shown, Duration timeout, String configKey) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the command of " + configKey + " is empty");
        }
        this.command = List.copyOf(command);
        this.shown = Objects.requireNonNull(shown, "shown");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.configKey = Objects.requireNonNull(configKey, "configKey");
    }

    /**
     * @param target what the command acts on, for messages
     * @param timeoutHint what the operator should know when it does not finish in time
     */
    void run(String target, String timeoutHint) {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new LocalException("cannot start '" + shown + "'", target, e.getMessage(),
                    "check " + configKey + ": the program must exist and be executable (it runs without a shell)");
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new LocalException("'" + shown + "' did not finish within " + timeout.toSeconds() + " s; killed",
                        target, tail(output), timeoutHint + "; check " + configKey);
            }
            if (process.exitValue() != 0) {
                throw new LocalException("'" + shown + "' exited " + process.exitValue(), target, tail(output),
                        "run it by hand as the user Hecate runs as; check " + configKey);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new LocalException("interrupted while running '" + shown + "'", target, null, null);
        }
    }

    private static String tail(CompletableFuture<String> output) {
        try {
            String text = output.get(1, TimeUnit.SECONDS).strip();
            return text.length() <= OUTPUT_SHOWN ? text : "..." + text.substring(text.length() - OUTPUT_SHOWN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(output unread)";
        } catch (ExecutionException | TimeoutException e) {
            return "(output unread)";
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
