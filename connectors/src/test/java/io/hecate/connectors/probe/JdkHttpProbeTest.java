package io.hecate.connectors.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JdkHttpProbeTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final JdkHttpProbe probe = new JdkHttpProbe();

    @Nested
    class OverHttp {

        private HttpServer server;

        @BeforeEach
        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/healthz", exchange -> answer(exchange, 200));
            server.createContext("/broken", exchange -> answer(exchange, 503));
            server.createContext("/slow", exchange -> {
                sleep(Duration.ofSeconds(3));
                answer(exchange, 200);
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
        }

        @AfterEach
        void stop() {
            server.stop(0);
        }

        private String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Test
        void passesOnTheExpectedStatus() {
            ProbeResult result = probe.check(new ProbeSpec(url("/healthz"), 200, TIMEOUT, false));

            assertThat(result.passed()).isTrue();
            assertThat(result.status()).isEqualTo(200);
            assertThat(result.detail()).isEqualTo("HTTP 200");
            assertThat(result.took()).isPositive();
        }

        @Test
        void passesWhenTheExpectedStatusIsNotOk() {
            assertThat(probe.check(new ProbeSpec(url("/broken"), 503, TIMEOUT, false)).passed()).isTrue();
        }

        @Test
        void failsOnAnotherStatusSayingWhatItGot() {
            ProbeResult result = probe.check(new ProbeSpec(url("/broken"), 200, TIMEOUT, false));

            assertThat(result.passed()).isFalse();
            assertThat(result.status()).isEqualTo(503);
            assertThat(result.detail()).isEqualTo("expected HTTP 200, got 503");
        }

        @Test
        void failsASlowServiceWithinAboutTheTimeout() {
            ProbeResult result = probe.check(new ProbeSpec(url("/slow"), 200, TIMEOUT, false));

            assertThat(result.passed()).isFalse();
            assertThat(result.status()).isZero();
            assertThat(result.detail()).isEqualTo("no response within PT0.5S");
            assertThat(result.took()).isBetween(TIMEOUT.minusMillis(50), TIMEOUT.plusSeconds(1));
        }

        @Test
        void failsARefusedPortQuickly() {
            String url = url("/healthz");
            server.stop(0);

            ProbeResult result = probe.check(new ProbeSpec(url, 200, Duration.ofSeconds(5), false));

            assertThat(result.passed()).isFalse();
            assertThat(result.status()).isZero();
            assertThat(result.detail()).startsWith("connection refused");
            assertThat(result.took()).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Nested
    class OverHttpsWithASelfSignedCertificate {

        private HttpsServer server;

        @BeforeEach
        void start() throws Exception {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(SelfSignedTls.serverContext()));
            server.createContext("/healthz", exchange -> answer(exchange, 200));
            server.start();
        }

        @AfterEach
        void stop() {
            server.stop(0);
        }

        private String url() {
            return "https://127.0.0.1:" + server.getAddress().getPort() + "/healthz";
        }

        @Test
        void failsWithVerificationOn() {
            ProbeResult result = probe.check(new ProbeSpec(url(), 200, Duration.ofSeconds(5), false));

            assertThat(result.passed()).isFalse();
            assertThat(result.status()).isZero();
            assertThat(result.detail()).startsWith("TLS verification failed").contains("insecure_skip_tls_verify");
        }

        @Test
        void passesWhenAskedToSkipVerification() {
            ProbeResult result = probe.check(new ProbeSpec(url(), 200, Duration.ofSeconds(5), true));

            assertThat(result.passed()).isTrue();
            assertThat(result.status()).isEqualTo(200);
        }

        @Test
        void keepsVerifyingOtherProbesAfterAnInsecureOne() {
            probe.check(new ProbeSpec(url(), 200, Duration.ofSeconds(5), true));

            assertThat(probe.check(new ProbeSpec(url(), 200, Duration.ofSeconds(5), false)).passed()).isFalse();
        }
    }

    @Test
    void rejectsAnUnusableUrlAsAConfigError() {
        assertThatThrownBy(() -> probe.check(new ProbeSpec("ftp://example/x", 200, TIMEOUT, false)))
                .isInstanceOf(ProbeException.class)
                .hasMessageContaining("ftp://example/x")
                .hasMessageContaining("post_start_probes");
        assertThatThrownBy(() -> probe.check(new ProbeSpec("http://bad host/", 200, TIMEOUT, false)))
                .isInstanceOf(ProbeException.class);
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
