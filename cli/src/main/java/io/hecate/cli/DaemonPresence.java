package io.hecate.cli;

import io.hecate.cli.ui.RunViewer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a daemon protects this state dir, and its answer to {@code hecate status} and {@code hecate runs}. The daemon
 * writes {@code <state_dir>/daemon.address} (its pid and run viewer address) once it serves, and removes it when it
 * stops; {@code status} asks it there, so a status while the daemon runs costs no H2 or NUT start-up and shows the
 * daemon's own latest poll ({@code runs} asks it for its table or JSON). A file left by a killed daemon, a pid that is
 * gone or a daemon that does not answer in time is reported, and status reads everything itself.
 */
record DaemonPresence(boolean running, Long pid, String viewer, String problem) {

    static final String FILE = "daemon.address";
    private static final int CONNECT_MILLIS = 500;
    /** The daemon reads NUT itself (bounded by {@link Daemon#NUT_TIMEOUT}) when it has no poll yet. */
    private static final int READ_MILLIS = 4000;

    /** Written by the daemon once its viewer serves: whoever reads it sees the whole line or no file. */
    static void announce(Path stateDir, String viewer) {
        Path file = stateDir.resolve(FILE);
        try {
            Files.createDirectories(stateDir);
            Path temp = Files.createTempFile(stateDir, ".daemon", ".tmp");
            Files.writeString(temp, ProcessHandle.current().pid() + " " + viewer + "\n");
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes this process's announcement; one written by another daemon since is left alone. */
    static void withdraw(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            if (Files.readString(file).startsWith(ProcessHandle.current().pid() + " ")) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // gone already, or unreadable: a reader checks the pid and the answer anyway
        }
    }

    /** This process, the daemon: what its own status answer says about it. */
    static DaemonPresence self(String viewer) {
        return new DaemonPresence(true, ProcessHandle.current().pid(), viewer, null);
    }

    /** What the state dir's file says, checked against the process table; not asked yet. */
    static DaemonPresence of(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        String line;
        try {
            line = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return notRunning(null, "no " + file);
        } catch (IOException e) {
            return notRunning(null, "cannot read " + file + ": " + e.getMessage());
        }
        String[] parts = line.split(" ", 2);
        long pid;
        try {
            pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return notRunning(null, file + " holds '" + line + "', not '<pid> <address>'");
        }
        if (parts.length < 2 || ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            return notRunning(pid, "pid " + pid + " in " + file + " is gone");
        }
        return new DaemonPresence(true, pid, parts[1], null);
    }

    private static DaemonPresence notRunning(Long pid, String why) {
        return new DaemonPresence(false, pid, null, why);
    }

    /**
     * The daemon's answer at {@code path} of its viewer (what a command prints), when it runs and answers as the pid
     * this file names.
     * @return empty when the command must read for itself ({@link #unanswered} then says so for status)
     */
    Optional<String> ask(String path) {
        if (!running) {
            return Optional.empty();
        }
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create(viewer).resolve(path).toURL().openConnection();
            http.setConnectTimeout(CONNECT_MILLIS);
            http.setReadTimeout(READ_MILLIS);
            try (InputStream in = http.getInputStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (http.getResponseCode() == 200 && Long.toString(pid).equals(http.getHeaderField(RunViewer.PID_HEADER))) {
                    return Optional.of(body);
                }
            } finally {
                http.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The same daemon, reported as not answering: status read everything itself. */
    DaemonPresence unanswered() {
        return running ? new DaemonPresence(true, pid, viewer, "did not answer at " + viewer + " within "
                + (CONNECT_MILLIS + READ_MILLIS) / 1000 + " s; status read the UPS and the history itself") : this;
    }

    String describe() {
        if (!running) {
            return "not running: " + problem + " (nothing on this host triggers an emergency shutdown)";
        }
        return problem == null ? "running, pid " + pid + "; the UPS as of its latest poll; run viewer " + viewer
                : "pid " + pid + " " + problem;
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("running", running);
        json.put("pid", pid);
        json.put("viewer", viewer);
        json.put("problem", problem);
        return json;
    }
}
