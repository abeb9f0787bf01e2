package io.hecate.workflows.delegates;

import io.hecate.connectors.nut.KillPower;
import io.hecate.connectors.nut.NutException;
import io.hecate.connectors.nut.UpsMonitor;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.StageContext;
import java.time.Duration;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * With {@code ups.kill_power_after_shutdown}, once every node is off, asks the UPS through upsd to cut its load
 * and restore it when mains return ({@code INSTCMD shutdown.return}, FSD when unsupported): the cluster then
 * comes back by itself. Only after a power-triggered run: after a manual shutdown the UPS would power the
 * nodes straight back on while mains are present. Leaves its outcome in {@link #RESULT} for PowerOffSelf.
 */
@ProcessVariables(KillUpsPowerDelegate.RESULT)
public final class KillUpsPowerDelegate implements JavaDelegate {

    /** {@link #OFF}, {@link #MANUAL}, {@link #PLANNED}, {@link #ACCEPTED} or {@link #REFUSED}. */
    public static final String RESULT = "killUpsPower";
    public static final String OFF = "off";
    public static final String MANUAL = "manual";
    public static final String PLANNED = "planned";
    public static final String ACCEPTED = "accepted";
    public static final String REFUSED = "refused";

    private final WorkflowContext context;

    public KillUpsPowerDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        if (!context.config().ups().killPowerAfterShutdown()) {
            stage.record("skipped: ups.kill_power_after_shutdown is off: the UPS keeps its load on");
            execution.setVariable(RESULT, OFF);
            return;
        }
        String ups = context.config().ups().target();
        boolean powerTriggered = stage.trigger().power();
        try (UpsMonitor monitor = context.ups()) {
            String delay = delay(monitor);
            String plan = "ask UPS " + ups + " to cut the load and restore it on mains return (INSTCMD shutdown.return; "
                    + delay + ")";
            if (!powerTriggered) {
                stage.record("skipped: a manual shutdown (trigger " + stage.trigger().wire() + ") keeps the UPS load on: cutting"
                        + " it would power the nodes straight back on while mains are present; after a power-triggered"
                        + " shutdown this stage would " + plan);
                execution.setVariable(RESULT, MANUAL);
            } else if (!stage.execute()) {
                stage.record("would " + plan);
                execution.setVariable(RESULT, PLANNED);
            } else {
                execution.setVariable(RESULT, killPower(stage, monitor, ups, delay));
            }
        }
    }

    private static String killPower(StageContext stage, UpsMonitor monitor, String ups, String delay) {
        try {
            KillPower sent = monitor.killPower();
            if (sent == KillPower.FSD) {
                stage.warn("UPS " + ups + " does not support INSTCMD shutdown.return: FSD set instead; the load is cut"
                        + " only if an upsmon primary of this UPS powers it down at the end of its own shutdown");
            }
            stage.record("UPS " + ups + " accepted " + sent.sent() + ": it cuts the load and restores it on mains return ("
                    + delay + ")");
            return ACCEPTED;
        } catch (NutException e) {
            stage.warn("UPS " + ups + " refused to cut the load, so it will not restore it by itself when mains"
                    + " return: " + e.getMessage());
            return REFUSED;
        }
    }

    /** The delay is only shown: a UPS that does not report it, or an upsd that cannot be read, changes nothing. */
    private static String delay(UpsMonitor monitor) {
        try {
            Optional<Duration> delay = monitor.shutdownDelay();
            return delay.map(d -> "ups.delay.shutdown " + d.toSeconds() + " s").orElse("ups.delay.shutdown not reported");
        } catch (NutException e) {
            return "ups.delay.shutdown unknown: " + e.getMessage();
        }
    }
}
