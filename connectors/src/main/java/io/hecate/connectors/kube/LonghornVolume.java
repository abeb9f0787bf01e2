package io.hecate.connectors.kube;

/**
 * A Longhorn {@code volumes.longhorn.io} object: the PVC it backs (from {@code status.kubernetesStatus}, null
 * when none), {@code state} (attached, detached, ...) and {@code robustness} (healthy, degraded, faulted, unknown).
 */
public record LonghornVolume(String name, String pvcNamespace, String pvcName, String state, String robustness) {

    public static final String HEALTHY = "healthy";

    public boolean healthy() {
        return HEALTHY.equals(robustness);
    }

    /** Longhorn knows a volume's replica health only while it is attached; detached, it says unknown. */
    public boolean detachedWithUnknownHealth() {
        return "detached".equals(state) && "unknown".equals(robustness);
    }

    /**
     * {@code namespace/name} of the PVC, as {@code startup.critical_pvcs} spells it; null when none (Longhorn
     * writes empty strings for a volume without a PVC).
     */
    public String pvc() {
        return pvcNamespace == null || pvcNamespace.isEmpty() || pvcName == null || pvcName.isEmpty()
                ? null
                : pvcNamespace + "/" + pvcName;
    }
}
