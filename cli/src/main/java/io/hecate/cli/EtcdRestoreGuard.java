package io.hecate.cli;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.ssh.CommandResult;
import io.hecate.engine.Refusal;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.intent.IntentReading;
import io.hecate.engine.intent.IntentStore;
import io.hecate.workflows.RunLifecycle;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.delegates.FindSnapshotDelegate;
import io.hecate.workflows.stage.NodeCommands;
import java.time.Clock;

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

    /**
     * A run that goes on (its owner lives: orphans are swept first) holds the cluster; an intent left behind by
     * a run that ended (a failed startup leaves startup_in_progress: the usual reason for a restore) does not.
     */
    void refuseWhileARunHoldsTheCluster() {
        IntentReading reading = new IntentStore(config.intentFile()).read();
        if (reading.corrupt()) {
            throw new Refusal("etcd-restore --execute refused: intent file unusable: " + reading.problem()
                    + "; make sure no shutdown or startup runs, then fix or remove it");
        }
        HistoryAccess.read(config, RunLifecycle::runningExecuted).ifPresent(run -> {
            throw new Refusal("etcd-restore --execute refused: " + RunLifecycle.describe(run) + " is running (intent "
                    + reading.describe() + "); wait for it to end, or stop it and end it with 'hecate runs abort "
                    + run.runId() + " --reason TEXT'");
        });
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
