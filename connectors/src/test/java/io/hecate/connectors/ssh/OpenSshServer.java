package io.hecate.connectors.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenSSH {@code sshd} on a loopback port, as a node runs it: its own host key and sshd_config, two
 * real non-root logins ({@link #SUDO_USER} with a sudoers rule for Hecate's commands, {@link #NO_RULE_USER}
 * without one) and fake {@code systemctl}, {@code k3s} and {@code mv} first on their PATH and sudo's
 * secure_path, which only record their arguments (one per line, so quoting can be checked) and the uid.
 * Nothing real is ever stopped, moved or powered off. Needs root (it adds users and a sudoers drop-in);
 * fails, never skips, when sshd or sudo is missing.
 */
public final class OpenSshServer implements AutoCloseable {

    public static final String SUDO_USER = "hecate-it";
    public static final String NO_RULE_USER = "hecate-it-norule";
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path SUDOERS_DROP_IN = Path.of("/etc/sudoers.d/hecate-it");
    private static final List<String> FAKES = List.of("systemctl", "k3s", "mv");

    private final Path dir;
    private final Path fakeBin;
    private final Path calls;
    private final int port;
    private final Path identityFile;
    private final Path knownHostsFile;
    private final Process sshd;

    /** Starts sshd with the sudoers rule given by {@code sudoRules} (sudoers command specs, fake paths already in). */
    private OpenSshServer(Path dir, List<String> sudoRules) throws IOException, InterruptedException {
        this.dir = dir;
        this.fakeBin = dir.resolve("fakebin");
        this.calls = dir.resolve("calls.log");
        requireTools();
        // sshd reads authorized_keys as the login user: the directory must be reachable for it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String user : List.of(SUDO_USER, NO_RULE_USER)) {
            addUser(user);
        }
        writeFakes();
        this.identityFile = dir.resolve("id_ed25519");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "hecate-it-client", "-f", identityFile.toString());
        Path hostKey = dir.resolve("ssh_host_ed25519_key");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "hecate-it-host", "-f", hostKey.toString());
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(dir.resolve("id_ed25519.pub"), authorizedKeys);
        Files.setPosixFilePermissions(authorizedKeys, PosixFilePermissions.fromString("rw-r--r--"));
        this.port = freePort();
        this.knownHostsFile = dir.resolve("known_hosts");
        Files.writeString(knownHostsFile, "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("ssh_host_ed25519_key.pub")));
        writeSudoers(sudoRules);
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys,
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "AllowUsers " + SUDO_USER + " " + NO_RULE_USER,
                "SetEnv PATH=" + fakeBin + ":/usr/bin:/bin",
                ""));
        Files.createDirectories(Path.of("/run/sshd"));
        run(SSHD.toString(), "-t", "-f", config.toString());
        this.sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        awaitListening();
    }

    /** sshd with a sudoers rule for every command Hecate sends (the rule docs/operations.md gives, on the fakes). */
    public static OpenSshServer start(Path dir) {
        String bin = dir.resolve("fakebin").toString();
        return start(dir, List.of(
                bin + "/systemctl start k3s", bin + "/systemctl stop k3s",
                bin + "/systemctl start k3s-agent", bin + "/systemctl stop k3s-agent",
                bin + "/systemctl poweroff", bin + "/systemctl cat k3s",
                bin + "/k3s etcd-snapshot save --name hecate-*",
                bin + "/k3s server --cluster-reset --cluster-reset-restore-path\\=*",
                bin + "/mv /var/lib/rancher/k3s/server/db /var/lib/rancher/k3s/server/db.hecate-*",
                "/usr/bin/ls -1t /var/lib/rancher/k3s/server/db/snapshots",
                "/usr/bin/test -f *",
                "/usr/bin/cat /etc/rancher/k3s/config.yaml"));
    }

    static OpenSshServer start(Path dir, List<String> sudoRules) {
        try {
            return new OpenSshServer(dir, sudoRules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Settings reaching the given nodes on this sshd as {@code user}, host keys checked against the written known_hosts. */
    public SshSettings settings(String user, List<String> nodes) {
        Map<String, String> hosts = new java.util.LinkedHashMap<>();
        nodes.forEach(node -> hosts.put(node, "127.0.0.1:" + port));
        return new SshSettings(user, 22, null, identityFile, knownHostsFile, hosts, Map.of(), List.of(), null, null,
                Duration.ofSeconds(10));
    }

    /** Each call of a fake: "uid=N name arg1|arg2|...|" (one line per call, in order). */
    public List<String> calls() {
        try {
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file the login can test for, e.g. a snapshot whose path needs quoting. */
    public Path file(String name) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, "snapshot");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sshd.destroy();
        try {
            if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
                sshd.destroyForcibly();
            }
            Files.deleteIfExists(SUDOERS_DROP_IN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireTools() {
        for (Path tool : List.of(SSHD, Path.of("/usr/bin/sudo"), Path.of("/usr/sbin/visudo"), Path.of("/usr/bin/ssh-keygen"))) {
            if (!Files.isExecutable(tool)) {
                throw new IllegalStateException(tool + " is missing: install openssh-server and sudo (.ci/run does)");
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the OpenSSH tests add users and a sudoers drop-in: run them as root");
        }
    }

    /** Idempotent; '*' instead of useradd's locked '!' password, which sshd without PAM refuses for key logins too. */
    private static void addUser(String user) throws IOException, InterruptedException {
        if (exec("id", "-u", user) != 0) {
            run("useradd", "--no-create-home", "--home-dir", "/tmp", "--shell", "/bin/sh", user);
        }
        run("usermod", "-p", "*", user);
    }

    private void writeFakes() throws IOException {
        Files.createDirectories(fakeBin);
        Files.setPosixFilePermissions(fakeBin, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String fake : FAKES) {
            Path script = fakeBin.resolve(fake);
            // the line is built first and appended in one write, so calls running at once cannot interleave
            Files.writeString(script, "#!/bin/sh\n"
                    + "line=\"uid=$(id -u) " + fake + " \"\n"
                    + "for a in \"$@\"; do line=\"$line$a|\"; done\n"
                    + "printf '%s\\n' \"$line\" >> " + calls + "\n"
                    + "exit 0\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private void writeSudoers(List<String> rules) throws IOException, InterruptedException {
        String text = "Defaults:" + SUDO_USER + " secure_path=" + fakeBin + ":/usr/bin:/bin\n"
                + SUDO_USER + " ALL=(root) NOPASSWD: " + String.join(", ", rules) + "\n";
        Path candidate = dir.resolve("sudoers-candidate");
        Files.writeString(candidate, text);
        run("visudo", "-cf", candidate.toString());
        Files.copy(candidate, SUDOERS_DROP_IN, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(SUDOERS_DROP_IN, PosixFilePermissions.fromString("r--r-----"));
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!sshd.isAlive()) {
                throw new IllegalStateException("sshd exited " + sshd.exitValue() + ": " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("sshd did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        List<String> output = new ArrayList<>();
        int exit = exec(output, command);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ": " + String.join("\n", output));
        }
    }

    private static int exec(String... command) throws IOException, InterruptedException {
        return exec(new ArrayList<>(), command);
    }

    private static int exec(List<String> output, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        output.add(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return process.waitFor();
    }
}
