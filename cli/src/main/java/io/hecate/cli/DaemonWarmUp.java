package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.workflows.EmergencyRehearsal;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyPair;
import java.time.Duration;
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
 * own: the workflows parsed into the engine's cache, a few SSH handshakes and commands against a throwaway
 * SSHD on loopback, and an {@link EmergencyRehearsal}, touching no node. The first handshakes in a JVM take seconds (class loading, cold key-exchange
 * and signature code): long enough for the emergency path's parallel connections to hit ssh_connect_timeout.
 */
final class DaemonWarmUp {

    private static final int HANDSHAKES = 3;
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(DaemonWarmUp.class);

    private DaemonWarmUp() {
    }

    /** @return the thread doing it: interrupt and join it to stop (the rehearsal then removes its directory) */
    static Thread inBackground(HecateConfig config, HecateEngine engine) {
        Thread thread = new Thread(() -> run(config, engine), "warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return thread;
    }

    /** @return whether all of it went through (a failure only costs the first run its speed: logged, never thrown) */
    static boolean run(HecateConfig config, HecateEngine engine) {
        long started = System.nanoTime();
        try {
            engine.loadWorkflows();
            ssh();
            RunRecord rehearsal = EmergencyRehearsal.play(config, engine.catalog(), LIMIT);
            log.info("daemon: warmed up in {} ms: workflows parsed, {} SSH handshakes and commands on loopback, the emergency"
                    + " shutdown rehearsed as a dry run in a throwaway state directory ({})", (System.nanoTime() - started) / 1_000_000,
                    HANDSHAKES, rehearsal.outcome());
            return true;
        } catch (InterruptedException e) {
            log.info("daemon: warm-up stopped: the daemon is stopping");
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                log.info("daemon: warm-up stopped: the daemon is stopping");
                return false;
            }
            log.warn("daemon: warm-up failed (the first shutdown will be slower to start): {}", e.toString());
            return false;
        }
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
