package io.hecate.workflows.delegates;

import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.startup.BootstrapManifests;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * After a successful startup, copies {@code flux.bootstrap_path} into {@code <state_dir>/bootstrap-cache}:
 * the manifests known to bring Gitea up, for the day the bootstrap path is gone. Failing to copy is reported,
 * never fatal: the cluster is up.
 */
public final class RefreshBootstrapCacheDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public RefreshBootstrapCacheDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig config = context.config();
        Path source = config.flux().bootstrapPath();
        if (BootstrapManifests.usable(source).isEmpty()) {
            stage.warn("flux.bootstrap_path (" + source + ") holds no manifests; bootstrap cache left as it is");
            return;
        }
        if (!stage.execute()) {
            stage.record("would copy " + source + " to " + config.bootstrapCacheDir());
            return;
        }
        try {
            List<Path> files = BootstrapManifests.refresh(source, config.bootstrapCacheDir());
            stage.record("bootstrap cache refreshed: " + files.size() + " manifests from " + source);
        } catch (UncheckedIOException e) {
            stage.warn(e.getMessage() + ": " + e.getCause().getMessage());
        }
    }
}
