package io.hecate.workflows.delegates;

import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.NodeCommands;
import io.hecate.workflows.stage.StageContext;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * On every control plane except the restored one, moves the old etcd member data aside (kept as
 * {@code db.hecate-<runId>}, never deleted) so k3s rejoins the restored cluster. Never on the restored node.
 */
public final class MoveAsideOtherDbsDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public MoveAsideOtherDbsDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        context.nodeStep().run(execution, stage, context.shell(stage),
                NodeCommands.each(otherServers(context), NodeCommands.moveDbAside(stage.runId())),
                context.config().ssh().commandTimeout());
    }

    static List<String> otherServers(WorkflowContext context) {
        String restored = FindSnapshotDelegate.restoreNode(context);
        return context.config().nodes().controlPlanes().stream().filter(node -> !node.equals(restored)).toList();
    }
}
