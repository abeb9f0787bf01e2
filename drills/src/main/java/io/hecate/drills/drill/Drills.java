package io.hecate.drills.drill;

import java.util.List;
import java.util.Optional;

/** Every drill Hecate knows, in the order {@code hecate drill list} shows them. */
public final class Drills {

    private static final String STARTUP = "hecate-startup";

    private static final List<Drill> ALL = List.of(
            new AwaitingStartup("flux-gitea-deadlock",
                    "deletes the Gitea Deployment that Flux's GitRepository fetches from, then cuts power",
                    "startup applies the bootstrap manifests, Gitea comes back, the GitRepository and every Kustomization"
                            + " reconcile Ready"),
            new AwaitingStartup("foundation-recovery",
                    "keeps the Kubernetes API from ever returning after a power cut (etcd lost)",
                    "startup restores etcd from the latest snapshot on the restore control plane, the other servers"
                            + " rejoin, the API and every node come back Ready"),
            new AwaitingStartup("reconciliation-resume",
                    "shuts down with Flux suspended by Hecate and one Kustomization suspended by an operator",
                    "startup resumes exactly what Hecate suspended, leaves the operator's suspension alone, and every"
                            + " resumed object reconciles Ready"));

    private Drills() {
    }

    public static List<Drill> all() {
        return ALL;
    }

    public static Optional<Drill> named(String name) {
        return ALL.stream().filter(drill -> drill.name().equals(name)).findFirst();
    }

    /**
     * A drill whose recovery is the staged startup, which is not built yet: it breaks nothing and fails
     * loudly, so a drill run can never report a recovery nobody checked.
     */
    private record AwaitingStartup(String name, String breaks, String verifies) implements Drill {

        @Override
        public void run(DrillTarget target) {
            throw new DrillFailure("drill " + name + " needs the staged startup (" + STARTUP + ") to recover, and it is"
                    + " not built yet; nothing was broken on " + target);
        }
    }
}
