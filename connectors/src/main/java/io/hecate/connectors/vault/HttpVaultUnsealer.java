package io.hecate.connectors.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hecate.connectors.TrustAll;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vault's unseal API over the JDK HttpClient: {@code GET /v1/sys/seal-status} and
 * {@code PUT /v1/sys/unseal {"key": ...}}. Key shares appear only in request bodies: never in logs,
 * exception messages or the "seen" of an error (Vault's own error text is scrubbed of the key too).
 */
public final class HttpVaultUnsealer implements VaultUnsealer {

    private static final Logger log = LoggerFactory.getLogger(HttpVaultUnsealer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SEEN = 300;

    private final VaultSettings settings;
    private final HttpClient http;

    public HttpVaultUnsealer(VaultSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (!settings.verifyTls()) {
            builder.sslContext(TrustAll.sslContext());
        }
        this.http = builder.build();
    }

    @Override
    public SealStatus sealStatus(URI address) {
        HttpRequest request = request(address, "/v1/sys/seal-status").GET().build();
        return send(address, "reading the seal status", request, null);
    }

    @Override
    public SealStatus unseal(URI address, List<String> keys) {
        SealStatus status = sealStatus(address);
        if (!status.sealed()) {
            log.info("vault: {} is already unsealed", address);
            return status;
        }
        int submitted = 0;
        for (String key : keys) {
            submitted++;
            status = submit(address, key, submitted, keys.size());
            if (!status.sealed()) {
                log.info("vault: {} unsealed after {} key share(s)", address, submitted);
                return status;
            }
        }
        throw new VaultException("still sealed after all " + keys.size() + " key share(s)", address.toString(),
                "progress " + status.progress() + " of threshold " + status.threshold(),
                "the unseal keys this run used hold too few or wrong shares for this Vault (it needs "
                        + status.threshold() + "); check the source the run named (init secret, key file or break-glass command)");
    }

    private SealStatus submit(URI address, String key, int number, int of) {
        String body;
        try {
            body = JSON.writeValueAsString(JSON.createObjectNode().put("key", key));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an unseal request", e);
        }
        log.info("vault: submitting key share {} of {} to {}", number, of, address);
        HttpRequest request = request(address, "/v1/sys/unseal")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(address, "submitting key share " + number + " of " + of, request, key);
    }

    private HttpRequest.Builder request(URI address, String path) {
        String base = address.toString().replaceAll("/+$", "");
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(settings.timeout());
    }

    private SealStatus send(URI address, String what, HttpRequest request, String secret) {
        String target = address.toString();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new VaultException(what + ": connect timed out after " + settings.timeout(), target, e.getMessage(),
                    "the host is unreachable or a firewall drops packets; check the Vault address", e);
        } catch (HttpTimeoutException e) {
            throw new VaultException(what + ": no answer within " + settings.timeout(), target, e.getMessage(),
                    "Vault is overloaded or stuck starting; check the vault pod's log", e);
        } catch (ConnectException e) {
            throw new VaultException(what + ": cannot connect", target, String.valueOf(e.getMessage()),
                    "is the vault pod running and reachable at this address (service, port, ingress)?", e);
        } catch (SSLException e) {
            throw new VaultException(what + ": TLS handshake failed", target, e.getMessage(),
                    "the certificate is not trusted or does not match the host; install its CA in the JVM"
                            + " trust store (verify_tls: false only for a lab)", e);
        } catch (IOException e) {
            throw new VaultException(what + ": request failed", target, e.toString(),
                    "check the Vault address and that Vault is up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(what + ": interrupted", target, null, null, e);
        }
        int code = response.statusCode();
        String seen = "HTTP " + code + " " + scrub(errors(response.body()), secret);
        if (code == 400) {
            throw new VaultException(what + ": Vault rejected the key share", target, seen,
                    "the unseal keys this run used hold a share that is not one of this Vault's; check the source"
                            + " the run named (init secret, key file or break-glass command)");
        }
        if (code >= 500) {
            throw new VaultException(what + ": Vault failed with HTTP " + code, target, seen,
                    "Vault is not initialized, is a standby, or its storage is down; check the vault pod's log");
        }
        if (code != 200) {
            throw new VaultException(what + ": unexpected HTTP " + code, target, seen,
                    "is this address Vault's API (not a proxy or UI)? check the Vault address");
        }
        return parse(target, what, response.body(), secret);
    }

    private static SealStatus parse(String target, String what, String body, String secret) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.path("sealed").isBoolean() && json.path("t").isInt()
                    && json.path("n").isInt() && json.path("progress").isInt()) {
                return new SealStatus(json.get("sealed").asBoolean(), json.get("t").asInt(), json.get("n").asInt(),
                        json.get("progress").asInt());
            }
        } catch (IOException e) {
            // reported as unreadable just below
        }
        throw new VaultException(what + ": unreadable seal status", target, scrub(shorten(body), secret),
                "expected JSON with sealed, t, n and progress; is this address Vault's API?");
    }

    /** Vault's {"errors": [...]} text when present, else the start of the body. */
    private static String errors(String body) {
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray()) {
                return errors.toString();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: show the body itself
        }
        return shorten(body);
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_SEEN ? text : text.substring(0, MAX_SEEN) + "...";
    }

    private static String scrub(String text, String secret) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "****");
    }
}
