package io.hecate.workflows.startup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.kube.KubeCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The three places Vault unseal keys come from, in the order startup tries them. Keys live only in the
 * returned list, in memory, for the length of one unseal: no message of a {@link Unavailable} carries one.
 */
public final class UnsealKeys {

    public static final String INIT_JSON = "vault-init.json";
    public static final String KEYS_FIELD = "unseal_keys_b64";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> AT_MOST_0600 =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /** Why a source gave no keys; safe to log. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    private UnsealKeys() {
    }

    /** Field {@code unseal_keys_b64} of {@code vault-init.json} in the secret {@code namespace/name}. */
    public static List<String> fromSecret(KubeCluster kube, String namespacedName) throws Unavailable {
        String[] parts = namespacedName.split("/", 2);
        String initJson;
        try {
            initJson = kube.readSecret(parts[0], parts[1]).get(INIT_JSON);
        } catch (ConnectorException e) {
            throw new Unavailable("secret " + namespacedName + " unreadable: " + e.getMessage());
        }
        if (initJson == null) {
            throw new Unavailable("secret " + namespacedName + " has no key " + INIT_JSON);
        }
        try {
            JsonNode keys = JSON.readTree(initJson).path(KEYS_FIELD);
            List<String> result = new ArrayList<>();
            keys.forEach(k -> result.add(k.asText()));
            if (result.isEmpty()) {
                throw new Unavailable("secret " + namespacedName + ": " + INIT_JSON + " has no " + KEYS_FIELD);
            }
            return result;
        } catch (IOException e) {
            throw new Unavailable("secret " + namespacedName + ": " + INIT_JSON + " is not JSON");
        }
    }

    /** One key per line; refused when group or others may read it (looser than 0600). */
    public static List<String> fromFile(Path file) throws Unavailable {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            throw new Unavailable("key file " + file + " unreadable: " + e);
        }
        if (!AT_MOST_0600.containsAll(permissions)) {
            throw new Unavailable("key file " + file + " refused: mode " + PosixFilePermissions.toString(permissions)
                    + " is looser than 0600 (rw-------); chmod 600 it");
        }
        try {
            return lines(Files.readString(file, StandardCharsets.UTF_8), "key file " + file);
        } catch (IOException e) {
            throw new Unavailable("key file " + file + " unreadable: " + e.getClass().getSimpleName());
        }
    }

    /** Runs the command locally with {@code sh -c}; its stdout is one key per line. Killed at the timeout. */
    public static List<String> fromCommand(String command, Duration timeout) throws Unavailable {
        Process process;
        try {
            process = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new Unavailable("break-glass command cannot start: " + e.getMessage());
        }
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new Unavailable("break-glass command did not finish within " + timeout.toSeconds()
                        + " s (startup.vault_unseal_breakglass_timeout_seconds); killed");
            }
            if (process.exitValue() != 0) {
                throw new Unavailable("break-glass command exited " + process.exitValue());
            }
            return lines(new String(stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8),
                    "break-glass command");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new Unavailable("break-glass command interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new Unavailable("break-glass command output unreadable");
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static List<String> lines(String text, String source) throws Unavailable {
        List<String> keys = text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (keys.isEmpty()) {
            throw new Unavailable(source + " gave no keys");
        }
        return keys;
    }
}
