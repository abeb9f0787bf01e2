package io.hecate.workflows.delegates;

import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.startup.BootstrapManifests;
import java.nio.file.Path;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Breaks the Flux/Gitea deadlock: applies Gitea's manifests from {@code flux.bootstrap_path}, or else from
 * {@code <state_dir>/bootstrap-cache} (the copy of the last successful startup). Neither: BpmnError
 * {@link #NO_MANIFESTS}.
 */
public final class ApplyGiteaBootstrapDelegate implements JavaDelegate {

    public static final String NO_MANIFESTS = "NoBootstrapManifests";

    private final WorkflowContext context;

    public ApplyGiteaBootstrapDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig config = context.config();
        Optional<Path> dir = BootstrapManifests.usable(config.flux().bootstrapPath())
                .or(() -> BootstrapManifests.usable(config.bootstrapCacheDir()));
        if (dir.isEmpty()) {
            stage.warn("no bootstrap manifests in flux.bootstrap_path (" + config.flux().bootstrapPath() + ") nor in "
                    + config.bootstrapCacheDir());
            throw new BpmnError(NO_MANIFESTS, "no Gitea bootstrap manifests to apply");
        }
        stage.record((stage.execute() ? "applying" : "would apply") + " Gitea bootstrap manifests from " + dir.get());
        context.kube(stage).applyManifests(dir.get()).forEach(stage::record);
        execution.setVariable(WaitForFluxDelegate.BOOTSTRAP_APPLIED, true);
    }
}
