package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.kube.FluxKind;
import io.hecate.connectors.kube.FluxRef;
import io.hecate.connectors.kube.KubeCluster;
import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.FluxSuspensions;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Resumes exactly what the shutdown suspended (nothing an operator suspended on purpose), points the
 * GitRepository at {@code --force-flux-branch} when given, and asks Flux to reconcile. The list of
 * suspensions is cleared only once everything on it is resumed, so a rerun after a crash resumes the rest.
 */
@ProcessVariables(ResumeFluxDelegate.BRANCH)
public final class ResumeFluxDelegate implements JavaDelegate {

    /** The branch from {@code --force-flux-branch}; absent or blank keeps the GitRepository's branch. */
    public static final String BRANCH = "fluxBranch";

    private final WorkflowContext context;

    public ResumeFluxDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        KubeCluster kube = context.kube(stage);
        HecateConfig.Flux flux = context.config().flux();
        FluxSuspensions suspensions = context.fluxSuspensions();
        List<FluxRef> suspended = suspensions.read();
        Object branch = execution.getVariable(BRANCH);
        if (branch != null && !branch.toString().isBlank()) {
            kube.setGitRepositoryBranch(flux.namespace(), flux.gitRepository(), branch.toString());
            stage.record("GitRepository " + flux.namespace() + "/" + flux.gitRepository() + (stage.execute() ? " set" : " would be set")
                    + " to branch " + branch);
        }
        FluxRef source = new FluxRef(FluxKind.GIT_REPOSITORY, flux.namespace(), flux.gitRepository());
        kube.requestReconcile(source);
        for (FluxRef ref : suspended) {
            try {
                kube.setSuspended(ref, false);
                kube.requestReconcile(ref);
                stage.record((stage.execute() ? "resumed " : "would resume ") + ref);
            } catch (ConnectorException e) {
                stage.warn("cannot resume " + ref + ": " + e.getMessage());
                throw e;
            }
        }
        if (suspended.isEmpty()) {
            stage.record("nothing to resume: the shutdown suspended no Flux object");
        }
        if (stage.execute()) {
            suspensions.write(List.of());
        }
    }
}
