package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For {@code status} on a peer: whether the coordinator's SSH port answers now (a TCP connect, bounded to one
 * second) and what a trigger would do if it does not, so a broken forwarding path shows before an outage.
 */
record CoordinatorReach(String address, String problem, boolean forward, boolean fallback) {

    private static final int TIMEOUT_MILLIS = 1000;

    static CoordinatorReach probe(HecateConfig config) {
        HecateConfig.Coordination coordination = config.coordination();
        String host = coordination.coordinatorHost();
        int colon = host.lastIndexOf(':');
        String name = colon > 0 ? host.substring(0, colon) : host;
        int port = colon > 0 ? Integer.parseInt(host.substring(colon + 1)) : config.ssh().port();
        String problem = null;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(name, port), TIMEOUT_MILLIS);
        } catch (IOException | IllegalArgumentException e) {
            problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new CoordinatorReach(name + ":" + port, problem, coordination.forwardToCoordinator(), coordination.fallbackLocalShutdown());
    }

    String describe() {
        String reach = problem == null ? "reachable" : "unreachable (" + problem + ")";
        if (!forward) {
            return address + " " + reach + "; forward_to_coordinator off: a trigger here shuts down from here"
                    + (fallback ? "" : " (fallback_local_shutdown off: no shutdown at all)");
        }
        if (problem == null) {
            return address + " " + reach + "; a trigger here is forwarded to it";
        }
        return address + " " + reach + "; " + (fallback ? "fallback_local_shutdown on: a trigger here shuts down from here"
                : "fallback_local_shutdown off: a trigger here starts no shutdown while it stays unreachable");
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("address", address);
        json.put("reachable", problem == null);
        json.put("problem", problem);
        json.put("forward_to_coordinator", forward);
        json.put("fallback_local_shutdown", fallback);
        return json;
    }
}
