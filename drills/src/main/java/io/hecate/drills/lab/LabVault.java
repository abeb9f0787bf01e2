package io.hecate.drills.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Vault as Hecate's unseal stage sees it: one HTTP endpoint per pod answering `/v1/sys/seal-status` and
 * `/v1/sys/unseal` with Shamir threshold 3 of 5, keys matching the `vault/vault-init` secret. Each pod listens
 * on its own loopback address (`127.0.<generation>.<pod+1>`), its pod IP; a restart after a power loss moves
 * every pod to a new address and port, as rescheduled pods get new IPs.
 */
public final class LabVault implements AutoCloseable {

    public static final int SHARES = 5;
    public static final int THRESHOLD = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Lab lab;
    private final List<String> keys = new ArrayList<>();
    private final String rootToken;
    private final List<Pod> pods = new ArrayList<>();
    private final ExecutorService io;
    private int generation;

    LabVault(Lab lab, int podCount, List<String> nodeNames, ExecutorService io) throws IOException {
        this.lab = lab;
        this.io = io;
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < SHARES; i++) {
            byte[] key = new byte[33];
            random.nextBytes(key);
            keys.add(Base64.getEncoder().encodeToString(key));
        }
        byte[] token = new byte[18];
        random.nextBytes(token);
        rootToken = "hvs." + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        for (int i = 0; i < podCount; i++) {
            pods.add(new Pod("vault-" + i, nodeNames.get(i % nodeNames.size())));
        }
    }

    public int podCount() {
        return pods.size();
    }

    /** The five unseal keys (base64), as in vault-init.json. */
    public List<String> unsealKeys() {
        return List.copyOf(keys);
    }

    public String rootToken() {
        return rootToken;
    }

    /** `http://<pod IP>:<port>` per pod, in pod order. */
    public List<String> addresses() {
        return pods.stream().map(pod -> "http://" + pod.ip() + ":" + pod.port()).toList();
    }

    /** The pod IP (its loopback listen address) per pod, in pod order. */
    public List<String> podIps() {
        return pods.stream().map(Pod::ip).toList();
    }

    /** The API port per pod, in pod order. */
    public List<Integer> podPorts() {
        return pods.stream().map(Pod::port).toList();
    }

    public String podName(int pod) {
        return pods.get(pod).name;
    }

    /** The node each pod runs on, in pod order. */
    public List<String> podNodes() {
        return pods.stream().map(pod -> pod.node).toList();
    }

    /** True when every pod is sealed. */
    public boolean sealed() {
        return unsealedCount() == 0;
    }

    public int unsealedCount() {
        return (int) pods.stream().filter(pod -> !pod.isSealed()).count();
    }

    public boolean sealed(int pod) {
        return pods.get(pod).isSealed();
    }

    /** Every pod restarts sealed on a new address and port, as after a power loss. */
    void restartAll() throws IOException {
        generation++;
        for (Pod pod : pods) {
            pod.restart();
        }
    }

    /** Seals the pods scheduled on a node that lost power. */
    void nodePoweredOff(String node) {
        pods.stream().filter(pod -> pod.node.equals(node)).forEach(Pod::seal);
    }

    String initJson() {
        Map<String, Object> init = new LinkedHashMap<>();
        init.put("unseal_keys_b64", keys);
        init.put("unseal_keys_hex", keys.stream().map(k -> java.util.HexFormat.of()
                .formatHex(Base64.getDecoder().decode(k))).toList());
        init.put("unseal_shares", SHARES);
        init.put("unseal_threshold", THRESHOLD);
        init.put("recovery_keys_b64", List.of());
        init.put("root_token", rootToken);
        try {
            return JSON.writeValueAsString(init);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pods.forEach(pod -> pod.server().stop(0));
    }

    private final class Pod {
        private final String name;
        private final String node;
        private final int index;
        private final Set<String> progress = new HashSet<>();
        private HttpServer server;
        private boolean sealed;

        Pod(String name, String node) throws IOException {
            this.name = name;
            this.node = node;
            this.index = pods.size();
            server = listen();
        }

        private HttpServer listen() throws IOException {
            InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, (byte) generation, (byte) (index + 1)});
            HttpServer listener = HttpServer.create(new InetSocketAddress(address, 0), 50);
            listener.setExecutor(io);
            listener.createContext("/v1/sys/seal-status", this::sealStatus);
            listener.createContext("/v1/sys/unseal", this::unseal);
            listener.start();
            return listener;
        }

        synchronized HttpServer server() {
            return server;
        }

        synchronized String ip() {
            return server.getAddress().getAddress().getHostAddress();
        }

        synchronized int port() {
            return server.getAddress().getPort();
        }

        void restart() throws IOException {
            HttpServer old = server();
            old.stop(0);
            seal();
            HttpServer started = listen();
            synchronized (this) {
                server = started;
            }
            lab.record(node, "vault " + name + " restarted at " + ip() + ":" + port());
        }

        synchronized boolean isSealed() {
            return sealed;
        }

        synchronized void seal() {
            if (!sealed) {
                sealed = true;
                progress.clear();
                lab.record(node, "vault " + name + " sealed");
            }
        }

        private void sealStatus(HttpExchange exchange) throws IOException {
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, Map.of("errors", List.of("unsupported operation")));
                return;
            }
            respond(exchange, 200, status());
        }

        private void unseal(HttpExchange exchange) throws IOException {
            String method = exchange.getRequestMethod();
            if (!method.equals("PUT") && !method.equals("POST")) {
                respond(exchange, 405, Map.of("errors", List.of("unsupported operation")));
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(exchange.getRequestBody());
            } catch (IOException e) {
                respond(exchange, 400, Map.of("errors", List.of("failed to parse JSON input: " + e.getMessage())));
                return;
            }
            synchronized (this) {
                if (body != null && body.path("reset").asBoolean(false)) {
                    progress.clear();
                } else {
                    String key = body == null ? "" : body.path("key").asText("");
                    if (key.isEmpty()) {
                        respond(exchange, 400, Map.of("errors", List.of("'key' must be specified in request body"
                                + " as JSON, or 'reset' set to true")));
                        return;
                    }
                    if (!keys.contains(key)) {
                        progress.clear();
                        lab.record(node, "vault " + name + " rejected an unseal key");
                        respond(exchange, 400, Map.of("errors", List.of("Error unsealing: failed to decrypt keys"
                                + " from storage: cipher: message authentication failed")));
                        return;
                    }
                    if (sealed) {
                        progress.add(key);
                        if (progress.size() >= THRESHOLD) {
                            sealed = false;
                            progress.clear();
                            lab.record(node, "vault " + name + " unsealed");
                        }
                    }
                }
            }
            respond(exchange, 200, status());
        }

        private synchronized Map<String, Object> status() {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("type", "shamir");
            status.put("initialized", true);
            status.put("sealed", sealed);
            status.put("t", THRESHOLD);
            status.put("n", SHARES);
            status.put("progress", progress.size());
            status.put("nonce", "");
            status.put("version", "1.15.4");
            status.put("build_date", "2023-12-04T17:45:28Z");
            status.put("migration", false);
            status.put("recovery_seal", false);
            status.put("storage_type", "raft");
            if (!sealed) {
                status.put("cluster_name", "vault-cluster-titan");
                status.put("cluster_id", "6c5e3f1a-lab0-4c2d-9a1b-titan0000001");
            }
            return status;
        }

        private void respond(HttpExchange exchange, int code, Object body) throws IOException {
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
