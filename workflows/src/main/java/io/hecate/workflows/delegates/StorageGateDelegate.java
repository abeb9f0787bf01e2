package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.kube.PvcState;
import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.stage.Wait;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * With {@code startup.require_storage_ready}, every PVC of {@code critical_pvcs} must be Bound before Flux
 * brings the workloads back, deadline {@code storage_timeout_seconds}; a missing PVC counts as not Bound.
 */
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
            stage.record("would wait until PVCs " + startup.criticalPvcs() + " are Bound");
            wait.conclude(STATE, Wait.READY);
            return;
        }
        List<String> notBound;
        try {
            Map<String, String> phases = context.kube(stage).pvcs(null).stream()
                    .collect(Collectors.toMap(p -> p.namespace() + "/" + p.name(), PvcState::phase, (a, b) -> a));
            notBound = startup.criticalPvcs().stream()
                    .filter(pvc -> !"Bound".equals(phases.get(pvc)))
                    .map(pvc -> pvc + " " + phases.getOrDefault(pvc, "missing"))
                    .toList();
        } catch (ConnectorException e) {
            notBound = List.of("cannot list PVCs: " + e.getMessage());
        }
        if (notBound.isEmpty()) {
            stage.record("critical PVCs Bound: " + startup.criticalPvcs());
            wait.conclude(STATE, Wait.READY);
        } else if (wait.passed(context.clock())) {
            stage.warn("critical PVCs not Bound after " + startup.storageTimeout().toSeconds() + " s: " + notBound);
            wait.conclude(STATE, Wait.TIMED_OUT);
        } else {
            wait.conclude(STATE, Wait.WAITING);
        }
    }
}
