package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.delegates.FindSnapshotDelegate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "etcd-restore", mixinStandardHelpOptions = true,
        description = {"Restore etcd from a snapshot.",
            "Stop k3s on every server, cluster-reset on startup.etcd_restore_control_plane, start it,",
            " move the other servers' db aside and start them so they rejoin. A dry run unless --execute is given."})
final class EtcdRestoreCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--execute", description = "Really restore (default: dry run).")
    boolean execute;

    @Option(names = "--snapshot", paramLabel = "PATH", description = "Snapshot path on the restore node (default: the newest).")
    String snapshot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        HecateConfig loaded = config.load();
        Map<String, Object> facts = new HashMap<>();
        boolean given = snapshot != null && !snapshot.isBlank();
        if (given) {
            facts.put(FindSnapshotDelegate.SNAPSHOT, snapshot);
        }
        if (execute) {
            EtcdRestoreGuard guard = new EtcdRestoreGuard(loaded);
            guard.refuseWhileARunHoldsTheCluster();
            if (given) {
                guard.requireSnapshotOnRestoreNode(snapshot);
            }
        }
        return WorkflowLauncher.launch(loaded, HecateWorkflows.ETCD_RESTORE, Trigger.CLI, RunMode.RESTORE, execute, null, facts,
                spec.commandLine().getOut());
    }
}
