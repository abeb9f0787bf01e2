package io.hecate.connectors.probe;

import io.hecate.connectors.TrustAll;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET probes over the JDK HttpClient. TLS certificates and host names are verified unless the spec
 * asks for {@code insecureSkipTlsVerify}. Redirects are not followed: the expected status is what the
 * URL itself must answer. The spec's timeout bounds the whole exchange up to the response headers.
 */
public final class JdkHttpProbe implements HttpProbe {

    private static final Logger log = LoggerFactory.getLogger(JdkHttpProbe.class);

    private final HttpClient verifying = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final HttpClient insecure = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).sslContext(TrustAll.sslContext()).build();

    /** Throws {@link ProbeException} only when the URL itself is unusable, a config error. */
    @Override
    public ProbeResult check(ProbeSpec spec) {
        URI uri = uri(spec.url());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(spec.timeout()).GET().build();
        HttpClient client = spec.insecureSkipTlsVerify() ? insecure : verifying;
        long start = System.nanoTime();
        ProbeResult result;
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            Duration took = since(start);
            result = status == spec.expectedStatus()
                    ? new ProbeResult(spec, true, status, "HTTP " + status, took)
                    : new ProbeResult(spec, false, status, "expected HTTP " + spec.expectedStatus() + ", got " + status, took);
        } catch (HttpConnectTimeoutException e) {
            result = failed(spec, start, "connect timed out after " + spec.timeout());
        } catch (HttpTimeoutException e) {
            result = failed(spec, start, "no response within " + spec.timeout());
        } catch (ConnectException e) {
            result = failed(spec, start, "connection refused (" + e + ")");
        } catch (SSLException e) {
            result = failed(spec, start, "TLS verification failed: " + e.getMessage()
                    + "; trust the service's CA, or set insecure_skip_tls_verify for a self-signed lab service");
        } catch (IOException e) {
            result = failed(spec, start, "request failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = failed(spec, start, "interrupted");
        }
        log.debug("probe: {} -> {} ({}, {} ms)", spec.url(), result.passed() ? "passed" : "failed", result.detail(),
                result.took().toMillis());
        return result;
    }

    private static URI uri(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            throw new ProbeException("probe URL is not a valid URI", url, e.getMessage(),
                    "fix the URL in startup.post_start_probes", e);
        }
        throw new ProbeException("probe URL must be http(s)://host[:port]/path", url, null,
                "fix the URL in startup.post_start_probes");
    }

    private static ProbeResult failed(ProbeSpec spec, long start, String detail) {
        return new ProbeResult(spec, false, 0, detail, since(start));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
