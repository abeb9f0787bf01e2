package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.ExternalDatastore;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.stage.Wait;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * One look at the Kubernetes API, deadline {@code startup.api_timeout_seconds}. Past the deadline it picks
 * the recovery, once per run: {@link #RESTORE} (etcd restore, when {@code auto_etcd_restore_on_api_failure})
 * or, with an external datastore (found on the restore control plane, or {@code startup.datastore_endpoint}),
 * {@link #RESTART_SERVERS} (there is no etcd to restore); else timed out.
 */
@ProcessVariables({WaitForApiDelegate.STATE, WaitForApiDelegate.DEADLINE, WaitForApiDelegate.RECOVERIES})
public final class WaitForApiDelegate implements JavaDelegate {

    public static final String STATE = "apiState";
    public static final String DEADLINE = "apiDeadline";
    public static final String RECOVERIES = "apiRecoveries";
    public static final String RESTORE = "restore";
    public static final String RESTART_SERVERS = "restart_servers";

    private final WorkflowContext context;

    public WaitForApiDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig.Startup startup = context.config().startup();
        Wait wait = Wait.of(execution, DEADLINE, startup.apiTimeout(), context.clock());
        if (context.kube(stage).apiReachable()) {
            stage.record(stage.execute() ? "Kubernetes API answers" : "would wait until the Kubernetes API answers");
            wait.conclude(STATE, Wait.READY);
            return;
        }
        if (!wait.passed(context.clock())) {
            wait.keepWaiting(stage, "the Kubernetes API to answer", STATE, context.clock());
            return;
        }
        int recoveries = execution.hasVariable(RECOVERIES) ? (Integer) execution.getVariable(RECOVERIES) : 0;
        String why = "Kubernetes API did not answer within " + startup.apiTimeout().toSeconds() + " s";
        if (recoveries > 0) {
            stage.warn(why + " after the recovery; giving up");
            wait.conclude(STATE, Wait.TIMED_OUT);
            return;
        }
        Optional<String> external = externalDatastore(stage, startup);
        if (external.isPresent()) {
            stage.warn(why + "; external datastore (" + external.get() + "): no etcd to restore, starting the servers again");
            execution.setVariable(RECOVERIES, recoveries + 1);
            wait.conclude(STATE, RESTART_SERVERS);
        } else if (startup.autoEtcdRestoreOnApiFailure()) {
            stage.warn(why + "; startup.auto_etcd_restore_on_api_failure is on: restoring etcd");
            execution.setVariable(RECOVERIES, recoveries + 1);
            wait.conclude(STATE, RESTORE);
        } else {
            stage.warn(why + "; startup.auto_etcd_restore_on_api_failure is off (run 'hecate etcd-restore' to restore)");
            wait.conclude(STATE, Wait.TIMED_OUT);
        }
    }

    /** The config key wins; else the restore control plane's own k3s config says (a dry run asks no node). */
    private Optional<String> externalDatastore(StageContext stage, HecateConfig.Startup startup) {
        if (!startup.datastoreEndpoint().isBlank()) {
            return Optional.of("startup.datastore_endpoint");
        }
        if (!stage.execute()) {
            return Optional.empty();
        }
        String node = FindSnapshotDelegate.restoreNode(context);
        try {
            return ExternalDatastore.foundOn(context.shell(stage), node, context.config().ssh().commandTimeout());
        } catch (ConnectorException e) {
            stage.warn("cannot read k3s's datastore settings on " + node + ", assuming embedded etcd: " + e.getMessage());
            return Optional.empty();
        }
    }
}
