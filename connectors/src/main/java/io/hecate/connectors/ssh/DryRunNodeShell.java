package io.hecate.connectors.ssh;

import io.hecate.connectors.ActionRecorder;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Records what would run ("would ssh node: command") and answers exit 0 without touching the network. */
public final class DryRunNodeShell implements NodeShell {

    private final ActionRecorder recorder;
    private final SshSettings settings;

    public DryRunNodeShell(ActionRecorder recorder, SshSettings settings) {
        this.recorder = recorder;
        this.settings = settings;
    }

    @Override
    public CommandResult run(String node, String command, Duration timeout) {
        if (!isManaged(node)) {
            throw MinaNodeShell.unmanaged(node);
        }
        recorder.record("would ssh " + node + ": " + command);
        return new CommandResult(node, 0, "", "", Duration.ZERO);
    }

    @Override
    public List<NodeOutcome> runAll(Collection<String> nodes, String command, Duration timeout) {
        return nodes.stream().map(node -> attempt(node, command, timeout)).toList();
    }

    @Override
    public boolean isManaged(String node) {
        return settings.isManaged(node);
    }

    @Override
    public void close() {
    }
}
