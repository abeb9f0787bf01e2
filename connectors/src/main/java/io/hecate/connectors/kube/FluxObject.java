package io.hecate.connectors.kube;

public record FluxObject(FluxRef ref, boolean suspended, FluxReadiness readiness) {}
