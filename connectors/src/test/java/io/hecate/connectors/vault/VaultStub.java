package io.hecate.connectors.vault;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Vault's seal API, Shamir style: {@code threshold} distinct good shares unseal it; a share that is
 * not one of its keys answers 400 like Vault ("invalid key"). Counts unseal requests.
 */
final class VaultStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Set<String> goodKeys;
    private final int threshold;
    private final Set<String> accepted = new HashSet<>();
    private final AtomicInteger unsealRequests = new AtomicInteger();
    private volatile boolean sealed = true;
    private volatile int failWith;

    VaultStub(List<String> goodKeys, int threshold) throws IOException {
        this.goodKeys = Set.copyOf(goodKeys);
        this.threshold = threshold;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/sys/seal-status", this::sealStatus);
        server.createContext("/v1/sys/unseal", this::unseal);
        server.start();
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int unsealRequests() {
        return unsealRequests.get();
    }

    void unsealed() {
        sealed = false;
    }

    /** Every later request answers this HTTP status with a Vault-style error body. */
    void failWith(int status) {
        failWith = status;
    }

    private void sealStatus(HttpExchange exchange) throws IOException {
        if (failWith != 0) {
            reply(exchange, failWith, "{\"errors\":[\"stub failure\"]}");
            return;
        }
        reply(exchange, 200, status());
    }

    private synchronized void unseal(HttpExchange exchange) throws IOException {
        unsealRequests.incrementAndGet();
        if (!exchange.getRequestMethod().equals("PUT")) {
            reply(exchange, 405, "{\"errors\":[\"method not allowed\"]}");
            return;
        }
        String key = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("key").asText();
        if (failWith != 0) {
            reply(exchange, failWith, "{\"errors\":[\"stub failure\"]}");
            return;
        }
        if (!goodKeys.contains(key)) {
            // Real Vault does not echo the key; this stub does, to prove the client scrubs it anyway.
            reply(exchange, 400, "{\"errors\":[\"invalid key: " + key + "\"]}");
            return;
        }
        accepted.add(key);
        if (accepted.size() >= threshold) {
            sealed = false;
            accepted.clear();
        }
        reply(exchange, 200, status());
    }

    private String status() {
        return "{\"type\":\"shamir\",\"initialized\":true,\"sealed\":" + sealed + ",\"t\":" + threshold
                + ",\"n\":" + goodKeys.size() + ",\"progress\":" + (sealed ? accepted.size() : 0)
                + ",\"nonce\":\"\",\"version\":\"1.15.0\"}";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
