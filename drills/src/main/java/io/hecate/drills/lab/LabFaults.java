package io.hecate.drills.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.SecretBuilder;

/** Faults a drill can inject into the lab; each one is recorded in the timeline and can be cleared. */
public final class LabFaults {

    private final Lab lab;
    private final Set<String> stuckPvcs = ConcurrentHashMap.newKeySet();
    private final Set<String> protectedPods = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> failingPatches = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> patchesSeen = new ConcurrentHashMap<>();
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

    /**
     * {@code systemctl stop} of the node's k3s unit never finishes (a stuck containerd shim), while SSH and every
     * other command, poweroff included, still answer.
     */
    public void k3sStopHangs(String node, boolean on) {
        lab.node(node).setStopHang(on);
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

    /**
     * The next {@code times} PATCHes of the object at the API path (e.g.
     * {@code /apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/flux-system}) answer 503;
     * {@link Integer#MAX_VALUE} until cleared with 0.
     */
    public void patchFails(String apiPath, int times) {
        failingPatches.put(apiPath, new AtomicInteger(times));
        String what = times == Integer.MAX_VALUE ? "fault: every PATCH of " + apiPath + " answers 503"
                : times > 0 ? "fault: the next " + times + " PATCH of " + apiPath + " answer 503"
                : "fault cleared: PATCH of " + apiPath + " answered";
        lab.record("api", what);
    }

    /** PATCH requests the API saw for the object at the path, failed or not. */
    public int patchesSeen(String apiPath) {
        AtomicInteger seen = patchesSeen.get(apiPath);
        return seen == null ? 0 : seen.get();
    }

    /** Counts the PATCH and says whether it fails, spending one of the fault's failures. */
    boolean patchFails(String apiPath) {
        patchesSeen.computeIfAbsent(apiPath, p -> new AtomicInteger()).incrementAndGet();
        AtomicInteger left = failingPatches.get(apiPath);
        return left != null && left.getAndUpdate(n -> n == Integer.MAX_VALUE || n == 0 ? n : n - 1) > 0;
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
