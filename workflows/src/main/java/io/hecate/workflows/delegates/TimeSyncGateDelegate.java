package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.timesync.ClockSync;
import io.hecate.connectors.timesync.SyncState;
import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.stage.Wait;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * etcd and certificates need sane clocks: {@code startup.time_sync_mode} strict wants every cluster node
 * synchronised, quorum {@code time_sync_quorum} of them, off skips the gate. An unreachable node counts as
 * not synchronised. Deadline {@code time_sync_timeout_seconds}.
 */
@ProcessVariables({TimeSyncGateDelegate.STATE, TimeSyncGateDelegate.DEADLINE})
public final class TimeSyncGateDelegate implements JavaDelegate {

    public static final String STATE = "timeSyncState";
    public static final String DEADLINE = "timeSyncDeadline";

    private final WorkflowContext context;

    public TimeSyncGateDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig.Startup startup = context.config().startup();
        List<String> nodes = context.config().nodes().cluster();
        Wait wait = Wait.of(execution, DEADLINE, startup.timeSyncTimeout(), context.clock());
        String mode = startup.timeSyncMode();
        int needed = "strict".equals(mode) ? nodes.size() : startup.timeSyncQuorum();
        if ("off".equals(mode) || !stage.execute()) {
            stage.record("off".equals(mode) ? "skipped: startup.time_sync_mode is off"
                    : "would check chronyc/timedatectl on " + nodes + " and need " + needed + " synchronised (" + mode + ")");
            wait.conclude(STATE, Wait.READY);
            return;
        }
        ClockSync clocks = context.clockSync(stage);
        List<String> synced = new ArrayList<>();
        List<String> unsynced = new ArrayList<>();
        for (String node : nodes) {
            try {
                SyncState state = clocks.check(node);
                (state.synchronised() ? synced : unsynced).add(node + " (" + state.detail() + ")");
            } catch (ConnectorException e) {
                unsynced.add(node + " (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        if (synced.size() >= needed) {
            stage.record(synced.size() + " of " + nodes.size() + " clocks synchronised, " + mode + " needs " + needed
                    + (unsynced.isEmpty() ? "" : "; not synchronised: " + unsynced));
            wait.conclude(STATE, Wait.READY);
        } else if (wait.passed(context.clock())) {
            stage.warn("time sync (" + mode + ") needs " + needed + " synchronised clocks, " + synced.size()
                    + " after " + startup.timeSyncTimeout().toSeconds() + " s; not synchronised: " + String.join("; ", unsynced));
            wait.conclude(STATE, Wait.TIMED_OUT);
        } else {
            wait.keepWaiting(stage, synced.size() + "/" + needed + " synchronised clocks (" + mode + ")", STATE, context.clock());
        }
    }
}
