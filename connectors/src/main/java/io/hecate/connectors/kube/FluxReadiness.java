package io.hecate.connectors.kube;

public record FluxReadiness(boolean ready, String reason, String message) {}
