package io.hecate.connectors.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

/**
 * One fixture factory for SSH tests: in-process MINA servers on 127.0.0.1 that accept one client key and
 * answer commands from a script, plus a client identity and known_hosts file to reach them. Each test
 * replaces only the piece it exercises (script, accepted key, user, host key, known_hosts line).
 */
public final class SshTestServers implements AutoCloseable {

    static final String USER = "hecate";

    private final Path dir;
    private final KeyPair clientKey;
    private final Path identityFile;
    private final Path knownHostsFile;
    private final Map<String, String> nodeHosts = new LinkedHashMap<>();
    private final List<Server> servers = new ArrayList<>();

    public SshTestServers(Path dir) {
        this(dir, ed25519());
    }

    SshTestServers(Path dir, KeyPair clientKey) {
        this.dir = dir;
        this.clientKey = clientKey;
        this.identityFile = writeIdentity(dir.resolve("id_" + clientKey.getPublic().getAlgorithm().toLowerCase()), clientKey);
        this.knownHostsFile = dir.resolve("known_hosts");
        write(knownHostsFile, "");
    }

    /** A scripted reply: stdout is written first, then the delay, then stderr and the exit code. */
    public record Reply(int exit, String stdout, String stderr, Duration delay) {

        public static Reply ok(String stdout) {
            return new Reply(0, stdout, "", Duration.ZERO);
        }
    }

    /** Starts a node server reachable as {@code node}, trusted in known_hosts, accepting the client key. */
    public Server node(String node, Map<String, Reply> script) {
        Server server = server().script(script).start();
        trust(server);
        nodeHosts.put(node, "127.0.0.1:" + server.port());
        return server;
    }

    Builder server() {
        return new Builder().accepting(clientKey.getPublic());
    }

    void trust(Server server) {
        appendKnownHost(server.port(), server.hostKey().getPublic());
    }

    void appendKnownHost(int port, PublicKey hostKey) {
        String line = "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey) + "\n";
        try {
            Files.writeString(knownHostsFile, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SshSettings settings() {
        return settingsBuilder().build();
    }

    SettingsBuilder settingsBuilder() {
        return new SettingsBuilder();
    }

    Path identityFile() {
        return identityFile;
    }

    Path knownHostsFile() {
        return knownHostsFile;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        servers.forEach(Server::close);
    }

    static KeyPair ed25519() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa() {
        return generate("RSA", generator -> generator.initialize(2048));
    }

    static KeyPair ecdsa() {
        return generate("EC", generator -> generator.initialize(new ECGenParameterSpec("secp256r1")));
    }

    static Path writeIdentity(Path file, KeyPair key) {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "hecate-test", null, out);
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface GeneratorSetup {
        void apply(KeyPairGenerator generator) throws GeneralSecurityException;
    }

    private static KeyPair generate(String algorithm, GeneratorSetup setup) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            setup.apply(generator);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    final class SettingsBuilder {
        private Path configFile;
        private Path knownHosts = knownHostsFile;
        private Path identity = identityFile;
        private final Map<String, String> hosts = new LinkedHashMap<>(nodeHosts);
        private Map<String, String> users = Map.of();
        private List<String> managed = List.of();
        private String jumpHost;
        private Duration connectTimeout = Duration.ofSeconds(3);

        SettingsBuilder configFile(Path value) { configFile = value; return this; }
        SettingsBuilder knownHosts(Path value) { knownHosts = value; return this; }
        SettingsBuilder identity(Path value) { identity = value; return this; }
        SettingsBuilder nodeHost(String node, String hostPort) { hosts.put(node, hostPort); return this; }
        SettingsBuilder withoutNodeHost(String node) { hosts.remove(node); return this; }
        SettingsBuilder nodeUsers(Map<String, String> value) { users = value; return this; }
        SettingsBuilder managed(List<String> value) { managed = value; return this; }
        SettingsBuilder jumpHost(String value) { jumpHost = value; return this; }
        SettingsBuilder connectTimeout(Duration value) { connectTimeout = value; return this; }

        SshSettings build() {
            return new SshSettings(USER, 22, configFile, identity, knownHosts, hosts, users, managed, jumpHost, USER,
                    connectTimeout);
        }
    }

    final class Builder {
        private PublicKey accepted;
        private String user = USER;
        private Map<String, Reply> script = Map.of();
        private KeyPair hostKey = ed25519();
        private boolean forwarding;

        Builder accepting(PublicKey value) { accepted = value; return this; }
        Builder user(String value) { user = value; return this; }
        Builder script(Map<String, Reply> value) { script = value; return this; }
        Builder hostKey(KeyPair value) { hostKey = value; return this; }
        Builder forwarding() { forwarding = true; return this; }

        Server start() {
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(0);
            sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            PublicKey acceptedKey = accepted;
            String acceptedUser = user;
            sshd.setPublickeyAuthenticator((username, key, session) ->
                    acceptedUser.equals(username) && KeyUtils.compareKeys(acceptedKey, key));
            Map<String, Reply> replies = Map.copyOf(script);
            sshd.setCommandFactory((channel, command) -> new ScriptedCommand(replies, command));
            if (forwarding) {
                sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
            }
            Server server = new Server(sshd, hostKey);
            sshd.addSessionListener(server);
            try {
                sshd.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            servers.add(server);
            return server;
        }
    }

    public static final class Server implements SessionListener, AutoCloseable {
        private final SshServer sshd;
        private final KeyPair hostKey;
        private final AtomicInteger sessionsCreated = new AtomicInteger();

        Server(SshServer sshd, KeyPair hostKey) {
            this.sshd = sshd;
            this.hostKey = hostKey;
        }

        @Override
        public void sessionCreated(Session session) {
            sessionsCreated.incrementAndGet();
        }

        int port() {
            return sshd.getPort();
        }

        KeyPair hostKey() {
            return hostKey;
        }

        int sessionsCreated() {
            return sessionsCreated.get();
        }

        void dropAllSessions() {
            sshd.getActiveSessions().forEach(session -> session.close(true));
        }

        @Override
        public void close() {
            try {
                sshd.stop(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Answers one exec request from the script; unknown commands behave like a shell: exit 127. */
    private static final class ScriptedCommand implements Command {
        private final Reply reply;
        private final String command;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread worker;

        ScriptedCommand(Map<String, Reply> script, String command) {
            this.command = command;
            this.reply = script.getOrDefault(command,
                    new Reply(127, "", "sh: 1: " + command.split(" ")[0] + ": not found\n", Duration.ZERO));
        }

        @Override public void setInputStream(java.io.InputStream in) { }
        @Override public void setOutputStream(OutputStream value) { out = value; }
        @Override public void setErrorStream(OutputStream value) { err = value; }
        @Override public void setExitCallback(ExitCallback value) { exit = value; }

        @Override
        public void start(ChannelSession channel, Environment env) {
            worker = new Thread(this::answer, "scripted-" + command);
            worker.setDaemon(true);
            worker.start();
        }

        private void answer() {
            try {
                out.write(reply.stdout().getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(reply.delay().toMillis());
                err.write(reply.stderr().getBytes(StandardCharsets.UTF_8));
                err.flush();
                exit.onExit(reply.exit());
            } catch (IOException | InterruptedException e) {
                exit.onExit(255, String.valueOf(e));
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (worker != null) {
                worker.interrupt();
            }
        }
    }
}
