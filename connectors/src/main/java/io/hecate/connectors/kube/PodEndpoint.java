package io.hecate.connectors.kube;

import java.util.Map;

/**
 * A pod as a client reaches it: its IP ({@code status.podIP}, empty while unscheduled), its named container
 * ports and whether its Ready condition is True.
 */
public record PodEndpoint(String name, String ip, Map<String, Integer> ports, boolean ready) {

    public PodEndpoint {
        ports = Map.copyOf(ports);
    }

    /** The container port called {@code name}, else {@code fallback}. */
    public int port(String name, int fallback) {
        return ports.getOrDefault(name, fallback);
    }
}
