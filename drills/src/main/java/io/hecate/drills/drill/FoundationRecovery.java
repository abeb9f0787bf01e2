package io.hecate.drills.drill;

import java.util.List;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabNode;

/** etcd is lost in the power cut: the API never returns until startup restores etcd from the snapshot. */
class FoundationRecovery extends StartupDrill {

    static final String AUTO_RESTORE = "startup.auto_etcd_restore_on_api_failure";
    private static final List<String> RESTORE_STAGES = List.of("EtcdRestore", "StopServers", "FindSnapshot", "ResetCluster",
            "StartRestoredServer", "MoveAsideOtherDbs", "StartOtherServers");

    @Override
    public String name() {
        return "foundation-recovery";
    }

    @Override
    public String breaks() {
        return "lab: sets " + AUTO_RESTORE + ": true and, after the shutdown (which took an etcd snapshot), keeps the"
                + " Kubernetes API from ever returning (etcd lost). Refused on a live cluster (--live breaks nothing,"
                + " only checks)";
    }

    @Override
    public String verifies() {
        return "startup ran the etcd restore (EtcdRestore and each of its stages passed), reset etcd on"
                + " startup.etcd_restore_control_plane and on no other server, moved the other servers' db aside"
                + " (never the restored one's), then the API is up, every node Ready, the startup succeeded, intent"
                + " normal; on --live the restore checks apply only when the latest startup restored";
    }

    @Override
    void beforeShutdown(LabOutage outage) {
        outage.configure(AUTO_RESTORE, true);
    }

    @Override
    void breakIt(LabOutage outage) {
        outage.lab().faults().apiNeverReturns(true);
        outage.step("broke: the Kubernetes API never returns (etcd lost)");
    }

    @Override
    void verify(Recovery recovery, DrillCheck check) {
        recovery.startupSucceeded(check);
        if (recovery.lab().isPresent() || recovery.stageRan("EtcdRestore")) {
            RESTORE_STAGES.forEach(stage -> recovery.stagePassed(check, stage));
            String restored = recovery.config().startup().etcdRestoreControlPlane();
            recovery.recorded(check, "ResetCluster", "etcd reset from snapshot on " + restored);
            recovery.notOn(check, "MoveAsideOtherDbs", restored);
            recovery.config().nodes().controlPlanes().stream().filter(node -> !node.equals(restored))
                    .forEach(node -> recovery.passedOn(check, "MoveAsideOtherDbs", node));
            recovery.lab().ifPresent(lab -> labSawTheRestore(lab, restored, check));
        }
        recovery.apiUpAndEveryNodeReady(check);
        recovery.intentNormal(check);
    }

    /** What the lab's nodes did, beyond what Hecate recorded. */
    private static void labSawTheRestore(Lab lab, String restored, DrillCheck check) {
        List<String> reset = lab.nodes().stream().filter(LabNode::etcdRestored).map(LabNode::name).toList();
        check.expect("etcd reset on exactly " + restored, reset.equals(List.of(restored)), reset.toString());
        List<String> notMoved = lab.controlPlanes().stream().filter(node -> !node.equals(restored))
                .filter(node -> lab.node(node).movedDbs().isEmpty()).toList();
        check.expect("the other servers' db moved aside", notMoved.isEmpty(), "not moved on " + notMoved);
        check.expect("the restored server's db kept", lab.node(restored).movedDbs().isEmpty(),
                "moved: " + lab.node(restored).movedDbs());
    }
}
