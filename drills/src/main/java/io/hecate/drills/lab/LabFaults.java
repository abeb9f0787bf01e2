package io.hecate.drills.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.SecretBuilder;

/** Faults a drill can inject into the lab; each one is recorded in the timeline and can be cleared. */
public final class LabFaults {

    private final Lab lab;
    private final Set<String> stuckPvcs = ConcurrentHashMap.newKeySet();
    private final Set<String> protectedPods = ConcurrentHashMap.newKeySet();
    private volatile boolean apiNeverReturns;

    LabFaults(Lab lab) {
        this.lab = lab;
    }

    /** The node's SSHD stops listening: connections are refused while the node itself keeps running. */
    public void nodeUnreachable(String node, boolean on) {
        try {
            lab.node(node).setUnreachable(on);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's k3s config names an external datastore (datastore-endpoint), as on a cluster backed by a database. */
    public void externalDatastore(String node, boolean on) {
        lab.node(node).setExternalDatastore(on);
    }

    /** The node accepts SSH but no command ever answers (a hung host or stuck systemd). */
    public void sshHang(String node, boolean on) {
        lab.node(node).setSshHang(on);
    }

    /** The API stays unreachable whatever the servers do, until an etcd cluster-reset restore succeeds. */
    public void apiNeverReturns(boolean on) {
        apiNeverReturns = on;
        lab.record("api", on ? "fault: API never returns" : "fault cleared: API may return");
        lab.stateChanged();
    }

    public boolean apiNeverReturns() {
        return apiNeverReturns;
    }

    void etcdRestored() {
        if (apiNeverReturns) {
            apiNeverReturns = false;
            lab.record("api", "fault cleared by etcd restore");
        }
    }

    /**
     * Deletes Deployment gitea/gitea (on) so Flux cannot fetch its source: the Flux/Gitea deadlock. Hecate
     * breaks it by applying the bootstrap manifests; clearing the fault puts the Deployment back.
     */
    public void giteaDown(boolean on) {
        var gitea = lab.kube().apps().deployments().inNamespace("gitea").withName("gitea");
        if (on) {
            gitea.delete();
        } else if (gitea.get() == null) {
            lab.kube().resource(LabCluster.giteaDeployment()).create();
        }
        lab.record("gitea", on ? "fault: Deployment gitea/gitea deleted" : "fault cleared: gitea/gitea restored");
    }

    /** Deletes (on) or recreates (off) the secret vault/vault-init, so the unseal stage needs its fallback. */
    public void vaultSecretUnreadable(boolean on) {
        var secret = lab.kube().secrets().inNamespace("vault").withName("vault-init");
        if (on) {
            secret.delete();
        } else if (secret.get() == null) {
            lab.kube().resource(new SecretBuilder().withNewMetadata().withNamespace("vault")
                    .withName("vault-init").endMetadata().addToData("vault-init.json", LabCluster.base64(lab.vault().initJson()))
                    .build()).create();
        }
        lab.record("vault", on ? "fault: secret vault/vault-init deleted" : "fault cleared: vault/vault-init restored");
    }

    /** The PVC (namespace/name) stays Pending until the fault is cleared. */
    public void pvcStuckPending(String namespacedName, boolean on) {
        if (on) {
            stuckPvcs.add(namespacedName);
        } else {
            stuckPvcs.remove(namespacedName);
        }
        lab.record("storage", (on ? "fault: PVC stuck Pending " : "fault cleared: PVC may bind ") + namespacedName);
        lab.stateChanged();
    }

    /** The Longhorn volume backing the PVC (namespace/name) reports robustness degraded until cleared (healthy). */
    public void longhornDegraded(String namespacedPvc, boolean on) {
        LabCluster.longhornRobustness(lab.kube(), namespacedPvc, on ? "degraded" : "healthy");
        lab.record("storage", (on ? "fault: Longhorn volume degraded behind " : "fault cleared: Longhorn volume healthy behind ")
                + namespacedPvc);
    }

    /** Evictions of the pod (namespace/name) answer 429, as under a PodDisruptionBudget, until cleared. */
    public void evictionRefused(String namespacedPod, boolean on) {
        if (on) {
            protectedPods.add(namespacedPod);
        } else {
            protectedPods.remove(namespacedPod);
        }
        lab.record("api", (on ? "fault: PodDisruptionBudget refuses evicting " : "fault cleared: may evict ") + namespacedPod);
    }

    boolean evictionRefused(String namespacedPod) {
        return protectedPods.contains(namespacedPod);
    }

    boolean pvcStuck(String namespacedName) {
        return stuckPvcs.contains(namespacedName);
    }

    /** chronyc reports `Leap status : Not synchronised` and timedatectl NTPSynchronized=no on the node. */
    public void clockUnsynchronised(String node, boolean on) {
        lab.node(node).setClockUnsynchronised(on);
    }
}
