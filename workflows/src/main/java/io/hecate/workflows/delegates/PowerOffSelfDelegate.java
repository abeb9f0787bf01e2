package io.hecate.workflows.delegates;

import io.hecate.connectors.local.LocalException;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * With {@code shutdown.poweroff_self}, powers this host off last with {@code shutdown.poweroff_self_command}.
 * A refused kill-power command does not keep this host on (the battery runs out either way), but the run
 * records it as a warning; so does a workflow where no KillUpsPower ran before this stage.
 */
public final class PowerOffSelfDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public PowerOffSelfDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        if (!context.config().shutdown().poweroffSelf()) {
            stage.record("skipped: shutdown.poweroff_self is off: this host stays on");
            return;
        }
        Object killPower = execution.getVariable(KillUpsPowerDelegate.RESULT);
        if (KillUpsPowerDelegate.REFUSED.equals(killPower)) {
            stage.warn("powering this host off although the UPS refused to cut the load: the battery runs out either"
                    + " way, but the UPS may not restore the load by itself when mains return");
        } else if (killPower == null && context.config().ups().killPowerAfterShutdown()) {
            stage.warn("ups.kill_power_after_shutdown is on but no KillUpsPower stage ran before this one");
        }
        String command = String.join(" ", context.config().shutdown().poweroffSelfCommand());
        if (!stage.execute()) {
            stage.record("would power off this host last: " + command);
            return;
        }
        stage.record("powering off this host last: " + command);
        try {
            context.hostPower().powerOff();
            stage.record("this host is powering off");
        } catch (LocalException e) {
            stage.warn("this host did not power off: " + e.getMessage());
        }
    }
}
