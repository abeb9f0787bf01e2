package io.hecate.connectors.kube;

public record PvcState(String namespace, String name, String phase) {}
