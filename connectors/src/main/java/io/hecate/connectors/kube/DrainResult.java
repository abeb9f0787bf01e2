package io.hecate.connectors.kube;

import java.util.List;

/** {@code failed} holds {@code "namespace/pod: reason"} lines. */
public record DrainResult(String node, List<String> evicted, List<String> failed, boolean timedOut) {

    public DrainResult {
        evicted = List.copyOf(evicted);
        failed = List.copyOf(failed);
    }

    public boolean complete() {
        return failed.isEmpty() && !timedOut;
    }
}
