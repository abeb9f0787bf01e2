package io.hecate.connectors.kube;

public record NodeState(String name, boolean ready, boolean unschedulable, boolean controlPlane) {}
