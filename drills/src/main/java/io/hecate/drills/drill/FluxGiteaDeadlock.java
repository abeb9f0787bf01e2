package io.hecate.drills.drill;

import java.util.List;

/** Gitea, which Flux's GitRepository fetches from, is gone after the power cut: startup must bootstrap it. */
class FluxGiteaDeadlock extends StartupDrill {

    @Override
    public String name() {
        return "flux-gitea-deadlock";
    }

    @Override
    public String breaks() {
        return "lab: after the shutdown deletes Deployment gitea/gitea, so Flux's GitRepository cannot fetch (the"
                + " Flux/Gitea deadlock). Refused on a live cluster (--live breaks nothing, only checks)";
    }

    @Override
    public String verifies() {
        return "startup takes the fallback (ApplyGiteaBootstrap passed; on --live reported if it ran), Gitea's"
                + " Deployment is ready, the GitRepository and every Kustomization and HelmRelease are resumed and"
                + " Ready, the startup succeeded, intent normal";
    }

    @Override
    void breakIt(LabOutage outage) {
        outage.lab().faults().giteaDown(true);
        outage.step("broke: Deployment gitea/gitea deleted");
    }

    @Override
    void verify(Recovery recovery, DrillCheck check) {
        recovery.startupSucceeded(check);
        if (recovery.lab().isPresent() || recovery.stageRan("ApplyGiteaBootstrap")) {
            recovery.stagePassed(check, "ApplyGiteaBootstrap");
            recovery.stagePassed(check, "WaitForGitea");
            recovery.stagePassed(check, "ReconcileFlux");
        }
        var flux = recovery.config().flux();
        recovery.deploymentReady(check, flux.giteaNamespace(), flux.giteaDeployment());
        recovery.fluxReady(check, List.of());
        recovery.intentNormal(check);
    }
}
