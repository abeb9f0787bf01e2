package io.hecate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.AcceptAllPublickeyAuthenticator;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A coordinator host in this JVM: an SSHD whose only program is {@code hecate}, run as
 * {@link Main#run}, so a peer's forwarded {@code hecate shutdown ...} lands on the real command line.
 */
final class CoordinatorSshd implements AutoCloseable {

    private final SshServer server;
    private final KeyPair hostKey;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean holdShutdownAnswers;
    private final java.util.concurrent.atomic.AtomicInteger statusFailures = new java.util.concurrent.atomic.AtomicInteger();

    private CoordinatorSshd(SshServer server, KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    static CoordinatorSshd start() throws IOException, GeneralSecurityException {
        return start(KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256), 0);
    }

    /** A coordinator that boots late: on a port (and with a host key) the peer already knows. */
    static CoordinatorSshd start(KeyPair hostKey, int port) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator(AcceptAllPublickeyAuthenticator.INSTANCE);
        CoordinatorSshd coordinator = new CoordinatorSshd(server, hostKey);
        server.setCommandFactory((channel, command) -> coordinator.new HecateProgram(command));
        server.start();
        return coordinator;
    }

    int port() {
        return server.getPort();
    }

    /** {@code 127.0.0.1:port}, the form of {@code coordination.coordinator_host}. */
    String address() {
        return "127.0.0.1:" + port();
    }

    String knownHostsLine() {
        return knownHostsLine(hostKey, port());
    }

    static String knownHostsLine(KeyPair hostKey, int port) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /**
     * A coordinator whose {@code hecate shutdown} runs but whose answer never comes back (a slow engine boot,
     * a long run): the peer's forwarding times out after the coordinator took the shutdown.
     */
    void holdShutdownAnswers() {
        holdShutdownAnswers = true;
    }

    /** A coordinator whose hecate is not ready yet: the next {@code count} {@code status} commands answer exit 1. */
    void failStatus(int count) {
        statusFailures.set(count);
    }

    List<String> commands() {
        return List.copyOf(commands);
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.stop(true);
    }

    /** Splits a command line as sh does for the quoting the peer uses: '...' (with '\'' inside) and plain words. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        boolean escaped = false;
        for (char c : line.toCharArray()) {
            if (escaped) {
                word.append(c);
                escaped = false;
            } else if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '\\') {
                word = word == null ? new StringBuilder() : word;
                escaped = true;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private final class HecateProgram implements Command {
        private final String command;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        HecateProgram(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            commands.add(command);
            Thread thread = new Thread(() -> {
                List<String> words = shellWords(command);
                if (words.isEmpty() || !words.get(0).equals("hecate")) {
                    exit.onExit(127, "command not found");
                    return;
                }
                PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
                if (words.size() > 1 && words.get(1).equals("status") && statusFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    stderr.println("hecate: error: /var/lib/hecate is not mounted yet");
                    stderr.flush();
                    exit.onExit(1);
                    return;
                }
                int code = Main.run(stdout, stderr, words.subList(1, words.size()).toArray(String[]::new));
                stdout.flush();
                stderr.flush();
                if (holdShutdownAnswers && words.size() > 1 && words.get(1).equals("shutdown")) {
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exit.onExit(code);
            }, "coordinator-hecate");
            thread.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
