package io.hecate.drills.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.io.AbstractIoServiceFactory;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceFactory;
import org.apache.sshd.common.io.IoServiceFactoryFactory;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.threads.CloseableExecutorService;
import org.apache.sshd.common.util.threads.ThreadUtils;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * The SSH side shared by every lab node: one client key, one NIO channel group and one scheduler for all
 * servers, so 200 nodes cost a handful of threads instead of four per node.
 */
final class LabSshd implements AutoCloseable {

    private final KeyPair clientKey;
    private final CloseableExecutorService nioWorkers = ThreadUtils.newFixedThreadPool("lab-sshd-nio", 4);
    private final CloseableExecutorService resumeTasks = ThreadUtils.newFixedThreadPool("lab-sshd-resume", 2);
    private final SshServer ioProperties = SshServer.setUpDefaultServer();
    private final Nio2ServiceFactory sharedIo;
    private final LabScheduler scheduler;

    LabSshd(LabScheduler scheduler) throws GeneralSecurityException {
        this.scheduler = scheduler;
        this.clientKey = newKey();
        this.sharedIo = new Nio2ServiceFactory(ioProperties, ThreadUtils.noClose(nioWorkers),
                ThreadUtils.noClose(resumeTasks));
    }

    static KeyPair newKey() throws GeneralSecurityException {
        return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }

    KeyPair clientKey() {
        return clientKey;
    }

    /** Writes the client key as OpenSSH files, mode 0600, as ssh_identity_file expects. */
    void writeClientKey(Path privateKeyFile) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(privateKeyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "hecate@lab", null, out);
        }
        try {
            Files.setPosixFilePermissions(privateKeyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and friends: the file is still usable by the MINA client.
        }
        Files.writeString(privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub"),
                PublicKeyEntry.toString(clientKey.getPublic()) + " hecate@lab\n");
    }

    static String knownHostsLine(int port, KeyPair hostKey) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    SshServer newServer(LabNode node, int port) {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(node.hostKey()));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(clientKey.getPublic(), key));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setScheduledExecutorService(scheduler.executor(), false);
        server.setIoServiceFactoryFactory(new SharedFactoryFactory());
        server.setCommandFactory((channel, command) -> new NodeCommand(node, command, scheduler.io()));
        return server;
    }

    @Override
    public void close() {
        sharedIo.close(true);
        nioWorkers.shutdownNow();
        resumeTasks.shutdownNow();
    }

    private final class SharedFactoryFactory implements IoServiceFactoryFactory {
        @Override
        public IoServiceFactory create(FactoryManager manager) {
            return new SharedIoServiceFactory(manager);
        }

        @Override
        public void setExecutorServiceFactory(org.apache.sshd.common.Factory<CloseableExecutorService> factory) {
            // The shared executors serve every server.
        }
    }

    /** Hands out acceptors on the shared channel group; closing a node's server leaves the group running. */
    private final class SharedIoServiceFactory extends AbstractIoServiceFactory {
        SharedIoServiceFactory(FactoryManager manager) {
            super(manager, ThreadUtils.noClose(nioWorkers));
        }

        @Override
        public IoConnector createConnector(IoHandler handler) {
            return sharedIo.createConnector(handler);
        }

        @Override
        public IoAcceptor createAcceptor(IoHandler handler) {
            return sharedIo.createAcceptor(handler);
        }
    }

    /** One exec request: the node computes the reply (possibly later, possibly never), we write it back. */
    private static final class NodeCommand implements Command {
        private final LabNode node;
        private final String command;
        private final ExecutorService io;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private volatile CompletableFuture<LabNode.Reply> reply;

        NodeCommand(LabNode node, String command, ExecutorService io) {
            this.node = node;
            this.command = command;
            this.io = io;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void setInputStream(java.io.InputStream in) {
            // Commands read no input.
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
        public void start(ChannelSession channel, Environment env) {
            reply = node.execute(command);
            reply.whenCompleteAsync((r, failure) -> {
                LabNode.Reply answer = failure == null ? r
                        : new LabNode.Reply(1, "", "lab: " + failure.getMessage() + "\n");
                try {
                    out.write(answer.stdout().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    err.write(answer.stderr().getBytes(StandardCharsets.UTF_8));
                    err.flush();
                } catch (IOException closedByClient) {
                    // The client went away; the exit status has nobody to go to either.
                }
                exit.onExit(answer.exit());
            }, io);
        }

        @Override
        public void destroy(ChannelSession channel) {
            CompletableFuture<LabNode.Reply> pending = reply;
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }
}
