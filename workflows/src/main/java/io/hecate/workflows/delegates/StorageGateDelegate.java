package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.kube.KubeCluster;
import io.hecate.connectors.kube.LonghornVolume;
import io.hecate.connectors.kube.PvcState;
import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.stage.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * With {@code startup.require_storage_ready}, every PVC of {@code critical_pvcs} must be Bound, and every
 * Longhorn volume backing one healthy, before Flux brings the workloads back, deadline
 * {@code storage_timeout_seconds}; a missing PVC counts as not Bound. A detached volume, whose health Longhorn
 * cannot know, does not block; unhealthy volumes behind other PVCs are reported but do not block either.
 */
@ProcessVariables({StorageGateDelegate.STATE, StorageGateDelegate.DEADLINE})
public final class StorageGateDelegate implements JavaDelegate {

    public static final String STATE = "storageState";
    public static final String DEADLINE = "storageDeadline";

    private final WorkflowContext context;

    public StorageGateDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig.Startup startup = context.config().startup();
        Wait wait = Wait.of(execution, DEADLINE, startup.storageTimeout(), context.clock());
        if (!startup.requireStorageReady() || startup.criticalPvcs().isEmpty()) {
            stage.record("skipped: " + (startup.requireStorageReady() ? "startup.critical_pvcs is empty"
                    : "startup.require_storage_ready is false"));
            wait.conclude(STATE, Wait.READY);
            return;
        }
        if (!stage.execute()) {
            stage.record("would wait until PVCs " + startup.criticalPvcs() + " are Bound and their Longhorn volumes healthy");
            wait.conclude(STATE, Wait.READY);
            return;
        }
        List<String> blocking = new ArrayList<>();
        List<String> critical = new ArrayList<>();
        List<String> others = new ArrayList<>();
        try {
            KubeCluster kube = context.kube(stage);
            Map<String, String> phases = kube.pvcs(null).stream()
                    .collect(Collectors.toMap(p -> p.namespace() + "/" + p.name(), PvcState::phase, (a, b) -> a));
            startup.criticalPvcs().stream()
                    .filter(pvc -> !"Bound".equals(phases.get(pvc)))
                    .forEach(pvc -> blocking.add(pvc + " " + phases.getOrDefault(pvc, "missing")));
            for (LonghornVolume volume : kube.longhornVolumes()) {
                boolean backsCritical = startup.criticalPvcs().contains(volume.pvc());
                String seen = "Longhorn volume " + volume.name() + (volume.pvc() == null ? "" : " of " + volume.pvc())
                        + " " + volume.state() + " " + volume.robustness();
                if (backsCritical) {
                    critical.add(seen);
                }
                if (!volume.healthy() && !volume.detachedWithUnknownHealth()) {
                    (backsCritical ? blocking : others).add(seen);
                }
            }
        } catch (ConnectorException e) {
            blocking.add("cannot read storage: " + e.getMessage());
        }
        if (blocking.isEmpty()) {
            stage.record("critical PVCs Bound: " + startup.criticalPvcs() + "; their Longhorn volumes: " + critical);
            warnOthers(stage, others);
            wait.conclude(STATE, Wait.READY);
        } else if (wait.passed(context.clock())) {
            stage.warn("critical storage not ready after " + startup.storageTimeout().toSeconds() + " s: " + blocking);
            warnOthers(stage, others);
            wait.conclude(STATE, Wait.TIMED_OUT);
        } else {
            wait.keepWaiting(stage, "critical storage (not ready: " + String.join(", ", blocking) + ")", STATE, context.clock());
        }
    }

    private static void warnOthers(StageContext stage, List<String> others) {
        if (!others.isEmpty()) {
            stage.warn("not waiting for these, they back no critical PVC: " + others);
        }
    }
}
