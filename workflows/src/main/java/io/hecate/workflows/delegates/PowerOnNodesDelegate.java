package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunRecord;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.StageContext;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Powers the nodes on in {@code restore.order}, each the way {@code restore.nodes} says: a Wake-on-LAN packet, its
 * {@code power_on_command} (shown with its arguments redacted) or nothing (the UPS load cycle and BIOS AC restore
 * bring it back). A node that cannot be powered on is a warning: the others still are, and the SSH wait names it.
 * Stops when its run has ended meanwhile (an emergency shutdown superseded it): no node is woken into an outage.
 * Idempotent: waking a running node does nothing.
 */
public final class PowerOnNodesDelegate implements JavaDelegate {

    private final WorkflowContext context;

    public PowerOnNodesDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig config = context.config();
        for (String node : config.restore().nodesInOrder(config.nodes())) {
            if (stage.execute() && !runGoesOn(stage)) {
                stage.warn("the run ended before " + node + " was powered on (superseded?): powering on no more nodes");
                return;
            }
            powerOn(stage, node, config.restore().powerOn(node));
        }
    }

    private void powerOn(StageContext stage, String node, HecateConfig.PowerOn how) {
        String plan = switch (how.method()) {
            case WAKE_ON_LAN -> "send a Wake-on-LAN packet for " + how.mac() + " to " + how.broadcast() + ":" + how.port();
            case COMMAND -> "run restore.nodes." + node + ".power_on_command: " + how.shownCommand();
            case NONE -> null;
        };
        if (plan == null) {
            stage.record(node + ": no power-on configured (power_on: none): it comes back when the UPS restores its load"
                    + " and its BIOS powers on with AC");
            return;
        }
        if (!stage.execute()) {
            stage.record(node + ": would " + plan);
            return;
        }
        try {
            switch (how.method()) {
                case WAKE_ON_LAN -> context.wakeOnLan().wake(node, how.mac(), how.broadcast(), how.port());
                case COMMAND -> context.powerOnCommand(node, how).powerOn(node);
                case NONE -> throw new IllegalStateException("unreachable");
            }
            stage.record(node + ": " + plan + ": done");
        } catch (ConnectorException e) {
            stage.warn(node + ": could not " + plan + ": " + e.getMessage());
        }
    }

    private boolean runGoesOn(StageContext stage) {
        return context.history().run(stage.runId()).map(RunRecord::running).orElse(true);
    }
}
