package io.hecate.drills.drill;

import java.time.Duration;
import java.util.List;

import io.hecate.connectors.kube.Fabric8Cluster;
import io.hecate.connectors.kube.FluxKind;
import io.hecate.connectors.kube.FluxRef;
import io.hecate.connectors.kube.KubeCluster;
import io.hecate.connectors.kube.KubeSettings;

/** The shutdown suspends Flux; startup must resume exactly that, not what an operator suspended on purpose. */
class ReconciliationResume extends StartupDrill {

    /** Suspended by hand before the power cut, as an operator pausing one part of the cluster would. */
    static final FluxRef OPERATORS = new FluxRef(FluxKind.HELM_RELEASE, "monitoring", "grafana");

    @Override
    public String name() {
        return "reconciliation-resume";
    }

    @Override
    public String breaks() {
        return "lab: suspends " + OPERATORS + " by hand (the operator's), then the full shutdown suspends the rest of"
                + " Flux. Refused on a live cluster (--live suspends nothing, only checks)";
    }

    @Override
    public String verifies() {
        return "the shutdown recorded what it suspended (not the operator's object); startup's ResumeFlux passed, everything"
                + " Hecate suspended is resumed and Ready with the GitRepository, the operator's object is still suspended,"
                + " Hecate's list of suspensions is empty, the startup succeeded, intent normal";
    }

    @Override
    void beforeShutdown(LabOutage outage) {
        try (KubeCluster kube = new Fabric8Cluster(new KubeSettings(outage.lab().kubeconfigFile(), Duration.ofSeconds(5), 1))) {
            kube.setSuspended(OPERATORS, true);
        }
        outage.step("operator suspended " + OPERATORS);
    }

    @Override
    void breakIt(LabOutage outage) {
        outage.step("the shutdown suspended " + outage.suspendedByShutdown());
    }

    @Override
    void verify(Recovery recovery, DrillCheck check) {
        if (recovery.lab().isPresent()) {
            List<FluxRef> suspendedByHecate = recovery.suspendedByShutdown();
            check.expect("the shutdown suspended some Flux objects", !suspendedByHecate.isEmpty(), "none");
            check.expect("the shutdown left " + OPERATORS + " off its list", !suspendedByHecate.contains(OPERATORS),
                    suspendedByHecate.toString());
            check.expect(OPERATORS + " (the operator's) still suspended", recovery.suspended(OPERATORS), "resumed");
        }
        recovery.startupSucceeded(check);
        recovery.stagePassed(check, "ResumeFlux");
        List<FluxRef> left = recovery.lab().isPresent() ? List.of(OPERATORS) : recovery.suspendedNow();
        recovery.fluxReady(check, left);
        List<FluxRef> pending = recovery.hecateSuspensions();
        check.expect("nothing left on Hecate's list of suspensions", pending.isEmpty(), pending.toString());
        recovery.intentNormal(check);
    }
}
