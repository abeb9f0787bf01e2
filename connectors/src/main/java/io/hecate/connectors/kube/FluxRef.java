package io.hecate.connectors.kube;

public record FluxRef(FluxKind kind, String namespace, String name) {

    /** {@code Kustomization flux-system/apps}, the form every message uses. */
    @Override
    public String toString() {
        return kind.kind() + " " + namespace + "/" + name;
    }
}
