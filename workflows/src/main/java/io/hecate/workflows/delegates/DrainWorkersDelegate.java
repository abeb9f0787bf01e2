package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.kube.DrainResult;
import io.hecate.connectors.kube.KubeCluster;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.StageContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Cordons and drains every worker at once, bounded by {@code shutdown.drain_timeout_seconds}. Evictions that
 * fail are reported, never fatal; skipped on the emergency path unless {@code shutdown.emergency_skip_drain} is false.
 */
public final class DrainWorkersDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public DrainWorkersDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        if (stage.emergency() && context.config().shutdown().emergencySkipDrain()) {
            stage.record("skipped: shutdown.emergency_skip_drain is true");
            return;
        }
        KubeCluster kube = context.kube(stage);
        List<CompletableFuture<Void>> drains = context.config().nodes().workers().stream()
                .map(node -> CompletableFuture.runAsync(() -> drain(stage, kube, node)))
                .toList();
        drains.forEach(CompletableFuture::join);
    }

    private static String pods(int count) {
        return count + (count == 1 ? " pod" : " pods");
    }

    private void drain(StageContext stage, KubeCluster kube, String node) {
        try {
            DrainResult result = kube.drain(node, context.config().shutdown().drainTimeout());
            stage.record(stage.execute() ? "drained " + node + ": " + pods(result.evicted().size()) + " evicted"
                    : "would drain " + node);
            result.failed().forEach(failure -> stage.warn(node + ": eviction failed: " + failure));
            if (result.timedOut()) {
                stage.warn(node + ": drain timed out after " + context.config().shutdown().drainTimeout().toSeconds() + " s");
            }
        } catch (ConnectorException e) {
            stage.warn("cannot drain " + node + ": " + e.getMessage());
        }
    }
}
