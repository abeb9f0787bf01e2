package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.power.Decision;
import io.hecate.engine.power.PollListener;
import io.hecate.engine.power.UpsSample;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.workflows.EmergencyRehearsal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon's first emergency run would otherwise do for the first time, done after boot on a thread of its
 * own: the workflows parsed into the engine's cache, a few SSH handshakes and commands against a throwaway SSHD on
 * loopback, and the dry runs of an {@link EmergencyRehearsal}, touching no node. The first handshakes in a JVM take
 * seconds (class loading, cold key-exchange and signature code): long enough for the emergency path's parallel
 * connections to hit ssh_connect_timeout. The rehearsal (a second or two of CPU) gives way to an outage: from the
 * first on-battery poll it is not started, or it stops before its next run (a run takes well under a poll interval),
 * so that a trigger never shares the CPU with it.
 */
final class DaemonWarmUp implements PollListener, AutoCloseable {

    private static final int HANDSHAKES = 3;
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(DaemonWarmUp.class);

    private final HecateConfig config;
    private final HecateEngine engine;
    private final Thread thread;
    private volatile boolean outage;
    private volatile boolean stopping;
    private boolean rehearsing;

    DaemonWarmUp(HecateConfig config, HecateEngine engine) {
        this.config = config;
        this.engine = engine;
        this.thread = new Thread(this::run, "warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /** Starts it on its own thread. */
    void start() {
        thread.start();
    }

    /** On battery the rehearsal gives way: not started, or stopped before its next run (its directory is removed). */
    @Override
    public void polled(UpsSample sample, Decision decision) {
        if (sample.onBattery()) {
            outage = true;
        }
    }

    /**
     * Does it all on the calling thread.
     * @return what was done, as logged; empty when it failed or was stopped (that only costs the first run its speed:
     *     logged, never thrown)
     */
    Optional<String> run() {
        long started = System.nanoTime();
        try {
            engine.loadWorkflows();
            ssh();
            String done = "workflows parsed, " + HANDSHAKES + " SSH handshakes and commands on loopback, " + rehearse();
            log.info("daemon: warmed up in {} ms: {}", (System.nanoTime() - started) / 1_000_000, done);
            return Optional.of(done);
        } catch (Exception e) {
            log.warn("daemon: warm-up failed (the first shutdown will be slower to start): {}", e.toString());
            return Optional.empty();
        }
    }

    private String rehearse() throws IOException, InterruptedException {
        synchronized (this) {
            if (givesWay()) {
                return "no rehearsal: " + givenWayTo();
            }
            rehearsing = true;
        }
        try {
            return EmergencyRehearsal.play(config, engine.catalog(), LIMIT, this::givesWay)
                    .map(run -> run.succeeded()
                            ? "the emergency shutdown rehearsed " + EmergencyRehearsal.RUNS
                                    + " times as a dry run in a throwaway state directory (last run: " + run.outcome() + ")"
                            : "the emergency shutdown's dry run in a throwaway state directory ended " + run.outcome()
                                    + (run.detail() == null ? "" : " (" + run.detail() + ")") + ": rehearsal stopped")
                    .orElseGet(() -> "the rehearsal stopped: " + givenWayTo());
        } finally {
            synchronized (this) {
                rehearsing = false;
            }
            // the throwaway engine is garbage now: a full collection gives its heap back (~14 MB resident otherwise)
            System.gc();
        }
    }

    private boolean givesWay() {
        return outage || stopping;
    }

    private String givenWayTo() {
        return outage ? "the UPS is on battery" : "the daemon is stopping";
    }

    /** Waits until it is done (the trigger bench measures a daemon that has been up a while). */
    void awaitDone(Duration limit) throws InterruptedException {
        thread.join(limit.toMillis());
    }

    /**
     * Stops a rehearsal that runs, before its next run, and waits for it (it removes its directory); the rest has
     * nothing to clean and ends with the JVM (interrupting the loopback SSH warm-up only made MINA log errors).
     */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            stopping = true;
            if (!rehearsing) {
                return;
            }
        }
        thread.join(STOP_WAIT.toMillis());
    }

    private static void ssh() throws Exception {
        KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        KeyPair clientKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setCommandFactory((channel, command) -> new Succeeds());
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> KeyUtils.compareKeys(key, hostKey.getPublic()));
        server.start();
        client.start();
        try {
            for (int i = 0; i < HANDSHAKES; i++) {
                try (ClientSession session = client.connect("hecate", "127.0.0.1", server.getPort()).verify(LIMIT).getSession()) {
                    session.addPublicKeyIdentity(clientKey);
                    session.auth().verify(LIMIT);
                    session.executeRemoteCommand("true");
                }
            }
        } finally {
            client.stop();
            server.stop(true);
        }
    }

    /** The throwaway server's only command: ends at once with exit status 0. */
    private static final class Succeeds implements Command {

        private ExitCallback exit;

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            exit.onExit(0);
        }

        @Override
        public void destroy(ChannelSession channel) {
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
        }

        @Override
        public void setErrorStream(OutputStream err) {
        }
    }
}
