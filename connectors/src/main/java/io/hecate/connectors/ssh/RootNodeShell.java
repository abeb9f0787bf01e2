package io.hecate.connectors.ssh;

import io.hecate.connectors.ssh.SshException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs node commands as root: as they are for a root login, through {@code sudo -n} for any other (see
 * {@link SudoMode}). {@code -n} makes sudo fail at once instead of waiting for a password nobody types; that
 * failure becomes an {@link SshException} naming the node and the sudoers line it needs. Commands must be one
 * simple command each, since sudo applies to the first word only.
 */
public final class RootNodeShell implements NodeShell {

    static final String SUDO = "sudo -n ";
    private static final int SUDO_FAILED = 1;
    private static final int COMMAND_NOT_FOUND = 127;
    /** Where Debian/Ubuntu and the k3s installer put the programs Hecate runs; sudoers rules need full paths. */
    private static final Map<String, String> USUAL_PATHS = Map.of("systemctl", "/usr/bin/systemctl",
            "k3s", "/usr/local/bin/k3s", "mv", "/usr/bin/mv", "ls", "/usr/bin/ls", "test", "/usr/bin/test",
            "cat", "/usr/bin/cat");

    private final NodeShell shell;
    private final NodeAddressResolver resolver;
    private final SudoMode mode;

    public RootNodeShell(NodeShell shell, SshSettings settings, SudoMode mode) {
        this.shell = shell;
        this.resolver = new NodeAddressResolver(settings);
        this.mode = mode;
    }

    @Override
    public CommandResult run(String node, String command, Duration timeout) {
        if (!needsSudo(node)) {
            return shell.run(node, command, timeout);
        }
        CommandResult result = shell.run(node, SUDO + command, timeout);
        SshException refused = sudoRefusal(result, command);
        if (refused != null) {
            throw refused;
        }
        return result;
    }

    @Override
    public List<NodeOutcome> runAll(Collection<String> nodes, String command, Duration timeout) {
        List<String> ordered = List.copyOf(nodes);
        List<String> viaSudo = ordered.stream().filter(this::needsSudo).toList();
        List<String> direct = ordered.stream().filter(node -> !viaSudo.contains(node)).toList();
        if (viaSudo.isEmpty()) {
            return shell.runAll(direct, command, timeout);
        }
        if (direct.isEmpty()) {
            return shell.runAll(viaSudo, SUDO + command, timeout).stream().map(outcome -> checked(outcome, command)).toList();
        }
        // Both groups at once: an emergency must not wait for the sudo logins before starting the others.
        Map<String, NodeOutcome> byNode = new HashMap<>();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<List<NodeOutcome>> sudoOutcomes = thread.submit(() -> shell.runAll(viaSudo, SUDO + command, timeout));
            shell.runAll(direct, command, timeout).forEach(outcome -> byNode.put(outcome.node(), outcome));
            join(sudoOutcomes).forEach(outcome -> byNode.put(outcome.node(), checked(outcome, command)));
        } finally {
            thread.shutdownNow();
        }
        List<NodeOutcome> outcomes = new ArrayList<>();
        ordered.forEach(node -> outcomes.add(byNode.get(node)));
        return outcomes;
    }

    @Override
    public Duration longest(Duration timeout) {
        return shell.longest(timeout);
    }

    @Override
    public boolean isManaged(String node) {
        return shell.isManaged(node);
    }

    @Override
    public void close() {
        shell.close();
    }

    private static List<NodeOutcome> join(Future<List<NodeOutcome>> outcomes) {
        try {
            return outcomes.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the sudo group ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("runAll never throws, but did", e.getCause());
        }
    }

    private boolean needsSudo(String node) {
        String user = resolver.resolve(node).user();
        return mode.appliesTo(user == null || user.isBlank() ? System.getProperty("user.name") : user);
    }

    private NodeOutcome checked(NodeOutcome outcome, String command) {
        SshException refused = outcome.result() == null ? null : sudoRefusal(outcome.result(), command);
        return refused == null ? outcome : NodeOutcome.failed(outcome.node(), refused);
    }

    private SshException sudoRefusal(CommandResult result, String command) {
        String stderr = result.stderr();
        String node = result.node();
        String user = resolver.resolve(node).user();
        if (result.exitCode() == SUDO_FAILED && (stderr.contains("sudo: a password is required")
                || stderr.contains("sudo: a terminal is required") || stderr.contains("is not allowed to execute"))) {
            return new SshException(Reason.SUDO_REFUSED, "sudo asks " + user + " for a password to run '" + command + "'",
                    node, stderr, "add to /etc/sudoers.d/hecate on " + node + ": " + sudoersLine(user, command)
                            + " (docs/operations.md has the whole rule), or log in as root (ssh_node_users)");
        }
        if (result.exitCode() == COMMAND_NOT_FOUND && stderr.contains("sudo") && stderr.contains("not found")) {
            return new SshException(Reason.SUDO_REFUSED, "sudo is not installed, so " + user + " cannot run '" + command
                    + "' as root", node, stderr, "install sudo on " + node + ", or log in as root (ssh_node_users)"
                            + " and set ssh_sudo: never");
        }
        return null;
    }

    /** The sudoers line that lets this login run exactly this command without a password. */
    static String sudoersLine(String user, String command) {
        String[] words = command.split(" ", 2);
        String program = USUAL_PATHS.getOrDefault(words[0], words[0]);
        String args = words.length > 1 ? " " + words[1].replaceAll("([\\\\,:=])", "\\\\$1") : "";
        return user + " ALL=(root) NOPASSWD: " + program + args;
    }
}
