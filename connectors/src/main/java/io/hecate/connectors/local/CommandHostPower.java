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
 * Powers this host off with a configured command (default {@code systemctl poweroff}), run directly, never
 * through a shell, and killed at the timeout. {@code systemctl poweroff} only queues the poweroff job and
 * returns, so success means "the host is going down", not "the host is off".
 */
public final class CommandHostPower implements HostPower {

    private static final int OUTPUT_SHOWN = 400;

    private final List<String> command;
    private final Duration timeout;
    private final String configKey;

    /** @param configKey where the command comes from, for messages (e.g. shutdown.poweroff_self_command) */
    public CommandHostPower(List<String> command, Duration timeout, String configKey) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the poweroff command is empty");
        }
        this.command = List.copyOf(command);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.configKey = Objects.requireNonNull(configKey, "configKey");
    }

    @Override
    public void powerOff() {
        String shown = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new LocalException("cannot start '" + shown + "'", "this host", e.getMessage(),
                    "check " + configKey + ": the program must exist and be executable (it runs without a shell)");
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new LocalException("'" + shown + "' did not finish within " + timeout.toSeconds() + " s; killed",
                        "this host", tail(output), "the command must start the poweroff and return; check " + configKey);
            }
            if (process.exitValue() != 0) {
                throw new LocalException("'" + shown + "' exited " + process.exitValue(), "this host", tail(output),
                        "run it by hand as the user Hecate runs as; check " + configKey);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new LocalException("interrupted while running '" + shown + "'", "this host", null, null);
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
