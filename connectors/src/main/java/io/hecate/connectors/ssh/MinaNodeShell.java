package io.hecate.connectors.ssh;

import io.hecate.connectors.Causes;
import io.hecate.connectors.DaemonThreads;
import io.hecate.connectors.ssh.SshException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link NodeShell}: one Apache MINA SSHD client, one authenticated session per node reused
 * across commands, public-key auth, host keys checked against known_hosts, optional jump host with
 * fallback to direct connections whatever failed through it.
 */
public final class MinaNodeShell implements NodeShell {

    private static final Logger log = LoggerFactory.getLogger(MinaNodeShell.class);
    /** Partial output in a timeout error is for diagnosis; keep the message readable. */
    private static final int MAX_SEEN_CHARS = 400;

    private final SshSettings settings;
    /**
     * What the host key verifier refused, by the address connected to. A rejection can fail the connect
     * future itself before a session is handed out, so it cannot live on the session alone.
     */
    private final Map<String, HostKeyRejection> rejections = new ConcurrentHashMap<>();
    private final NodeAddressResolver resolver;
    private final SshClient client;
    private final ConcurrentMap<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> nodeLocks = new ConcurrentHashMap<>();
    /** Commands running per node: {@link #release()} closes only sessions no command uses. */
    private final ConcurrentMap<String, AtomicInteger> commandsRunning = new ConcurrentHashMap<>();
    private final AtomicBoolean jumpFailed = new AtomicBoolean();

    public MinaNodeShell(SshSettings settings) {
        this.settings = settings;
        this.resolver = new NodeAddressResolver(settings);
        this.client = SshClient.setUpDefaultClient();
        // Never read ~/.ssh/config or ~/.ssh/id_*: only what hecate.yaml names is used.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(loadIdentity(settings.identityFile())));
        client.setServerKeyVerifier(hostKeyVerifier(settings.knownHostsFile(), rejections));
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, settings.connectTimeout());
        client.setKeyExchangeFactories(curve25519First(client.getKeyExchangeFactories()));
        client.start();
    }

    @Override
    public CommandResult run(String node, String command, Duration timeout) {
        if (!isManaged(node)) {
            throw unmanaged(node);
        }
        if (settings.knownHostsFile() == null) {
            throw new SshException(Reason.HOST_KEY_UNKNOWN, "refusing to connect without a known_hosts file", node, null,
                    "set ssh_known_hosts_file to an OpenSSH known_hosts file that lists every node's host key");
        }
        NodeAddress address = resolver.resolve(node);
        long started = System.nanoTime();
        AtomicInteger running = commandsRunning.computeIfAbsent(node, key -> new AtomicInteger());
        synchronized (lock(node)) {
            running.incrementAndGet();
        }
        CommandResult result;
        try {
            result = execute(session(address), address, command, timeout, started);
        } catch (ClosedSessionException stale) {
            // The cached session died between commands (node rebooted, sshd restarted): reconnect once.
            forget(node, stale.session);
            result = executeOnFreshSession(address, command, timeout, started);
        } finally {
            running.decrementAndGet();
        }
        log.info("ssh {}: '{}' -> exit {} in {} ms (stdout {} chars, stderr {} chars)", node, command,
                result.exitCode(), result.took().toMillis(), result.stdout().length(), result.stderr().length());
        return result;
    }

    @Override
    public List<NodeOutcome> runAll(Collection<String> nodes, String command, Duration timeout) {
        List<String> ordered = List.copyOf(nodes);
        if (ordered.isEmpty()) {
            return List.of();
        }
        ExecutorService threads = Executors.newFixedThreadPool(ordered.size(), DaemonThreads.named("ssh-run-all"));
        try {
            List<Future<CommandResult>> futures = new ArrayList<>();
            for (String node : ordered) {
                futures.add(isManaged(node) ? threads.submit(() -> run(node, command, timeout)) : null);
            }
            long deadline = System.currentTimeMillis() + longest(timeout).toMillis();
            List<NodeOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < ordered.size(); i++) {
                String node = ordered.get(i);
                Future<CommandResult> future = futures.get(i);
                outcomes.add(future == null ? NodeOutcome.skipped(node) : await(node, future, deadline, timeout));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Opens an authenticated session to each managed node that has none, at most {@code parallel} handshakes at
     * once, so the next commands start without connecting. Never throws: a node that cannot be reached now is
     * reported by the command that needs it.
     * @return the nodes that have an open session now
     */
    public List<String> warmUp(Collection<String> nodes, int parallel) {
        List<String> wanted = nodes.stream().filter(this::isManaged).distinct().toList();
        if (wanted.isEmpty() || settings.knownHostsFile() == null) {
            return List.of();
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(parallel, wanted.size()),
                DaemonThreads.named("ssh-warm-up"));
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (String node : wanted) {
                futures.add(threads.submit(() -> {
                    session(resolver.resolve(node));
                    return node;
                }));
            }
            long rounds = (wanted.size() + parallel - 1) / parallel;
            long deadline = System.currentTimeMillis() + settings.connectTimeout().multipliedBy(3 * rounds).plusSeconds(5).toMillis();
            List<String> ready = new ArrayList<>();
            for (int i = 0; i < wanted.size(); i++) {
                try {
                    ready.add(futures.get(i).get(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    log.debug("ssh warm-up {}: {}", wanted.get(i), e.getCause() == null ? e.toString() : e.getCause().getMessage());
                }
            }
            return ready;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            threads.shutdownNow();
        }
    }

    /** Closes every cached session that no command is using; the next command connects again. */
    public void release() {
        for (String node : List.copyOf(sessions.keySet())) {
            synchronized (lock(node)) {
                AtomicInteger running = commandsRunning.get(node);
                if (running == null || running.get() == 0) {
                    ClientSession session = sessions.remove(node);
                    if (session != null) {
                        session.close(true);
                    }
                }
            }
        }
    }

    /**
     * Connecting and authenticating (each bounded by ssh_connect_timeout, and once more for a session that died), the
     * command, a margin.
     */
    @Override
    public Duration longest(Duration timeout) {
        return settings.connectTimeout().multipliedBy(3).plus(timeout).plusSeconds(5);
    }

    @Override
    public boolean isManaged(String node) {
        return settings.isManaged(node);
    }

    @Override
    public void close() {
        sessions.values().forEach(session -> session.close(true));
        sessions.clear();
        client.stop();
    }

    /**
     * The client's preference picks the key exchange. MINA puts sntrup761x25519 first, whose key generation in
     * BouncyCastle's pure Java costs ~100 ms of CPU per connection: 50 nodes connecting at once in an
     * emergency spent seconds on it (bench/emergency-shutdown.sh). curve25519-sha256 costs about a millisecond.
     */
    static List<KeyExchangeFactory> curve25519First(List<KeyExchangeFactory> defaults) {
        List<KeyExchangeFactory> ordered = new ArrayList<>(defaults.stream().filter(f -> !f.getName().startsWith("sntrup")).toList());
        ordered.addAll(defaults.stream().filter(f -> f.getName().startsWith("sntrup")).toList());
        return ordered;
    }

    static SshException unmanaged(String node) {
        return new SshException(Reason.UNMANAGED, "node is not in ssh_managed_nodes", node, null,
                "add it to ssh_managed_nodes, or leave that list empty to manage every node");
    }

    private NodeOutcome await(String node, Future<CommandResult> future, long deadline, Duration timeout) {
        try {
            long left = Math.max(0, deadline - System.currentTimeMillis());
            return NodeOutcome.of(future.get(left, TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SshException failure) {
                return NodeOutcome.failed(node, failure);
            }
            return NodeOutcome.failed(node, new SshException(Reason.SETUP, "unexpected failure", node,
                    String.valueOf(e.getCause()), "see the log for the stack trace", e.getCause()));
        } catch (TimeoutException e) {
            future.cancel(true);
            return NodeOutcome.failed(node, timedOut(node, timeout, ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return NodeOutcome.failed(node, new SshException(Reason.TIMED_OUT, "interrupted", node, null, null, e));
        }
    }

    private CommandResult executeOnFreshSession(NodeAddress address, String command, Duration timeout, long started) {
        try {
            return execute(session(address), address, command, timeout, started);
        } catch (ClosedSessionException again) {
            forget(address.node(), again.session);
            throw new SshException(Reason.UNREACHABLE, "session closed while opening a command channel",
                    address.node(), rootMessage(again), "check sshd on " + address.hostAndPort(), again.getCause());
        }
    }

    private CommandResult execute(ClientSession session, NodeAddress address, String command, Duration timeout,
            long started) {
        String node = address.node();
        // The command's own budget starts at the channel; connecting is bounded by connectTimeout.
        long commandStarted = System.nanoTime();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ChannelExec channel;
        try {
            channel = session.createExecChannel(command);
        } catch (IOException e) {
            throw new ClosedSessionException(session, e);
        } catch (IllegalStateException e) {
            // MINA's answer when the cached session is closing under us ("not registered because session is being closed").
            throw new ClosedSessionException(session, new IOException(e.getMessage(), e));
        }
        try (channel) {
            channel.setOut(stdout);
            channel.setErr(stderr);
            try {
                channel.open().verify(timeout);
            } catch (IOException e) {
                if (!session.isOpen()) {
                    throw new ClosedSessionException(session, e);
                }
                throw new SshException(Reason.UNREACHABLE, "could not open a command channel", node, e.getMessage(),
                        "check sshd on " + address.hostAndPort() + " accepts exec requests", e);
            }
            long left = timeout.toNanos() - (System.nanoTime() - commandStarted);
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                    Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                channel.close(true);
                throw timedOut(node, timeout, utf8(stdout) + utf8(stderr));
            }
            Integer exit = channel.getExitStatus();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new CommandResult(node, exit == null ? CommandResult.NO_EXIT_STATUS : exit, utf8(stdout), utf8(stderr), took);
        } catch (IOException e) {
            throw new SshException(Reason.UNREACHABLE, "channel failed", node, e.getMessage(), null, e);
        }
    }

    private static SshException timedOut(String node, Duration timeout, String partialOutput) {
        String seen = partialOutput.length() > MAX_SEEN_CHARS
                ? "..." + partialOutput.substring(partialOutput.length() - MAX_SEEN_CHARS) : partialOutput;
        return new SshException(Reason.TIMED_OUT, "command timed out after " + timeout.toSeconds() + "s", node, seen,
                "the command was stopped; raise its timeout or check why it hangs on the node");
    }

    private ClientSession session(NodeAddress address) {
        synchronized (lock(address.node())) {
            ClientSession cached = sessions.get(address.node());
            if (cached != null && cached.isOpen() && !cached.isClosing()) {
                return cached;
            }
            if (cached != null) {
                cached.close(true);
            }
            ClientSession fresh = connect(address);
            sessions.put(address.node(), fresh);
            return fresh;
        }
    }

    private Object lock(String node) {
        return nodeLocks.computeIfAbsent(node, key -> new Object());
    }

    private void forget(String node, ClientSession session) {
        sessions.remove(node, session);
        session.close(true);
    }

    /**
     * Through the jump host when one is set; any failure there (refused, unreachable, no route to the node,
     * authentication, timeout) falls back to a direct connection. After one failure the nodes connect
     * directly first and use the jump host only for a node that cannot be reached directly, so a dead jump
     * host costs one attempt, not one per node. Each switch is logged once.
     */
    private ClientSession connect(NodeAddress address) {
        if (!settings.hasJumpHost()) {
            return open(address, null);
        }
        NodeAddress.HostPort jump = NodeAddress.parseHostPort(settings.jumpHost(), settings.port());
        String jumpSpec = (settings.jumpUser() == null || settings.jumpUser().isBlank() ? ""
                : settings.jumpUser() + "@") + jump.host() + ":" + jump.port();
        if (jumpFailed.get()) {
            try {
                return open(address, null);
            } catch (SshException direct) {
                ClientSession session = openViaJump(address, jumpSpec, direct);
                if (jumpFailed.compareAndSet(true, false)) {
                    log.warn("ssh jump host {}:{} works again; connecting through it", jump.host(), jump.port());
                }
                return session;
            }
        }
        try {
            return open(address, jumpSpec);
        } catch (SshException viaJump) {
            if (jumpFailed.compareAndSet(false, true)) {
                log.warn("ssh jump host {}:{} failed ({}); connecting to nodes directly", jump.host(), jump.port(), viaJump.getMessage());
            }
            try {
                return open(address, null);
            } catch (SshException direct) {
                throw bothFailed(direct, viaJump);
            }
        }
    }

    private ClientSession openViaJump(NodeAddress address, String jumpSpec, SshException direct) {
        try {
            return open(address, jumpSpec);
        } catch (SshException viaJump) {
            throw bothFailed(direct, viaJump);
        }
    }

    /** The direct failure is the one to act on (the jump host is the fallback's fallback); the other is context. */
    private static SshException bothFailed(SshException direct, SshException viaJump) {
        direct.addSuppressed(viaJump);
        return direct;
    }

    private ClientSession open(NodeAddress address, String proxyJump) {
        String node = address.node();
        HostConfigEntry target = new HostConfigEntry(address.host(), address.host(), address.port(), address.user(),
                proxyJump);
        ClientSession session;
        try {
            session = client.connect(target, null, null).verify(settings.connectTimeout()).getSession();
        } catch (IOException e) {
            HostKeyRejection rejection = rejections.remove(address.host() + ":" + address.port());
            if (rejection != null) {
                throw rejection.toException(node, address, settings.knownHostsFile(), e);
            }
            throw new SshException(Reason.UNREACHABLE, "cannot connect to " + address.hostAndPort()
                    + (proxyJump == null ? "" : " via jump host " + proxyJump), node, rootMessage(e),
                    "check that " + node + " is up and sshd listens on " + address.hostAndPort()
                            + " (ssh_node_hosts, ssh_port)", e);
        }
        try {
            for (Path identity : address.extraIdentities()) {
                loadIdentity(identity).forEach(session::addPublicKeyIdentity);
            }
            session.auth().verify(settings.connectTimeout());
            return session;
        } catch (IOException | SshException e) {
            HostKeyRejection rejection = rejections.remove(address.host() + ":" + address.port());
            session.close(true);
            if (e instanceof SshException own) {
                throw own;
            }
            if (rejection != null) {
                throw rejection.toException(node, address, settings.knownHostsFile(), e);
            }
            if (rootMessage(e).toLowerCase(Locale.ROOT).contains("authentication")) {
                throw new SshException(Reason.AUTH_REFUSED, "authentication refused for user " + address.user(), node,
                        rootMessage(e), "add the public key of ssh_identity_file to ~" + address.user()
                                + "/.ssh/authorized_keys on " + node + ", or fix ssh_node_users", e);
            }
            throw new SshException(Reason.UNREACHABLE, "SSH handshake with " + address.hostAndPort() + " failed", node,
                    rootMessage(e), "check that sshd on " + address.hostAndPort() + " is healthy", e);
        }
    }

    private static List<KeyPair> loadIdentity(Path identityFile) {
        if (identityFile == null) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(identityFile)) {
            List<KeyPair> keys = new ArrayList<>();
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(identityFile.toString()),
                    in, FilePasswordProvider.EMPTY);
            if (loaded != null) {
                loaded.forEach(keys::add);
            }
            if (keys.isEmpty()) {
                throw new IOException("no private key found");
            }
            return keys;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new SshException(Reason.SETUP, "cannot read the SSH identity", identityFile.toString(), rootMessage(e),
                    "ssh_identity_file must name an unencrypted OpenSSH private key (ed25519, RSA or ECDSA)",
                    e);
        }
    }

    private static ServerKeyVerifier hostKeyVerifier(Path knownHostsFile, Map<String, HostKeyRejection> rejections) {
        if (knownHostsFile == null) {
            return (session, remote, key) -> false;
        }
        ServerKeyVerifier rejectUnknown = (session, remote, key) -> {
            rejections.put(hostPort(session.getConnectAddress()), new HostKeyRejection(false, key));
            return false;
        };
        KnownHostsServerKeyVerifier verifier = new KnownHostsServerKeyVerifier(rejectUnknown, knownHostsFile);
        verifier.setModifiedServerKeyAcceptor((session, remote, entry, expected, actual) -> {
            rejections.put(hostPort(session.getConnectAddress()), new HostKeyRejection(true, actual));
            return false;
        });
        return verifier;
    }

    private static String hostPort(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        if (address instanceof SshdSocketAddress sshd) {
            return sshd.getHostName() + ":" + sshd.getPort();
        }
        return String.valueOf(address);
    }

    private static String utf8(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = Causes.root(e);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** What the host key verifier saw, kept on the session so the failed handshake can explain itself. */
    private record HostKeyRejection(boolean changed, PublicKey offered) {

        SshException toException(String node, NodeAddress address, Path knownHosts, Throwable cause) {
            String seen = "server offered " + KeyUtils.getKeyType(offered) + " " + KeyUtils.getFingerPrint(offered);
            String hostEntry = address.port() == 22 ? address.host() : "[" + address.host() + "]:" + address.port();
            String keyscan = "ssh-keyscan" + (address.port() == 22 ? "" : " -p " + address.port()) + " "
                    + address.host() + " >> " + knownHosts;
            if (changed) {
                return new SshException(Reason.HOST_KEY_CHANGED, "host key of " + hostEntry + " has CHANGED", node,
                        seen, "if the node was reinstalled, remove the stale line with ssh-keygen -R '" + hostEntry
                                + "' -f " + knownHosts + ", then " + keyscan + " and verify the fingerprint",
                        cause);
            }
            return new SshException(Reason.HOST_KEY_UNKNOWN, "host key of " + hostEntry + " is not in known_hosts",
                    node, seen, "verify the fingerprint, then run: " + keyscan, cause);
        }
    }

    /** The cached session was found closed when a channel was opened; the caller reconnects once. */
    private static final class ClosedSessionException extends RuntimeException {

        private final transient ClientSession session;

        ClosedSessionException(ClientSession session, IOException cause) {
            super(cause);
            this.session = session;
        }
    }
}
