package io.hecate.cli;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.ssh.CommandResult;
import io.hecate.engine.Refusal;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.intent.IntentReading;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.delegates.FindSnapshotDelegate;
import io.hecate.workflows.stage.NodeCommands;
import java.time.Clock;
import java.util.Optional;

/**
 * What an executed etcd restore checks before its first stage stops k3s anywhere: no shutdown or startup is
 * running (a restore would fight it for the servers), and a snapshot given with --snapshot exists on the
 * restore node.
 */
final class EtcdRestoreGuard {

    private final HecateConfig config;

    EtcdRestoreGuard(HecateConfig config) {
        this.config = config;
    }

    void refuseWhileARunHoldsTheCluster() {
        IntentReading reading = new IntentStore(config.intentFile()).read();
        Optional<IntentState> state = reading.effectiveState();
        if (state.isEmpty() || state.get() == IntentState.SHUTTING_DOWN || state.get() == IntentState.STARTUP_IN_PROGRESS) {
            throw new Refusal("etcd-restore --execute refused: intent is " + reading.describe() + " in "
                    + config.intentFile() + "; wait for that run to end, or end it with 'hecate runs abort RUN_ID --reason TEXT'");
        }
    }

    void requireSnapshotOnRestoreNode(String snapshot) {
        try (WorkflowContext context = new WorkflowContext(config, Clock.systemUTC())) {
            String node = FindSnapshotDelegate.restoreNode(context);
            CommandResult result;
            try {
                result = context.rootShell().run(node, NodeCommands.snapshotExists(snapshot), config.ssh().commandTimeout());
            } catch (ConnectorException e) {
                throw new RunFailedException("cannot check that snapshot " + snapshot + " exists: " + e.getMessage());
            }
            if (!result.ok()) {
                throw new BadInputException("--snapshot " + snapshot + " does not exist on " + node
                        + " (the restore node, startup.etcd_restore_control_plane); list them with: ls -1t "
                        + NodeCommands.SNAPSHOT_DIR);
            }
        }
    }
}
