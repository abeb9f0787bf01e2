package io.hecate.cli;

import java.security.KeyPair;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first SSH handshakes in a JVM take seconds (class loading, cold key-exchange and signature code): long
 * enough for the emergency path's parallel connections to hit ssh_connect_timeout. The daemon pays that at
 * boot with a few handshakes against a throwaway SSHD on loopback, touching no node.
 */
final class SshWarmUp {

    private static final int HANDSHAKES = 3;
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(SshWarmUp.class);

    private SshWarmUp() {
    }

    static void inBackground() {
        Thread thread = new Thread(SshWarmUp::run, "ssh-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    static void run() {
        long started = System.nanoTime();
        try {
            KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            KeyPair clientKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            SshServer server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
            SshClient client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier((session, address, key) -> KeyUtils.compareKeys(key, hostKey.getPublic()));
            server.start();
            client.start();
            try {
                for (int i = 0; i < HANDSHAKES; i++) {
                    try (ClientSession session = client.connect("hecate", "127.0.0.1", server.getPort()).verify(LIMIT).getSession()) {
                        session.addPublicKeyIdentity(clientKey);
                        session.auth().verify(LIMIT);
                    }
                }
            } finally {
                client.stop();
                server.stop(true);
            }
            log.info("daemon: SSH warmed up ({} handshakes in {} ms)", HANDSHAKES, (System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            log.warn("daemon: SSH warm-up failed (the first shutdown connections will be slower): {}", e.toString());
        }
    }
}
