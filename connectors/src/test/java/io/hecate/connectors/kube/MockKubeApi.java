package io.hecate.connectors.kube;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The fabric8 mock API server in CRUD mode with explicit expectations on top (the same mixed dispatcher
 * {@code @EnableKubernetesMockClient(crud = true)} installs): an expectation set with {@link #server()}
 * {@code .expect()} answers its path first, everything else falls through to the CRUD store. Started from
 * code so every test gets a fresh server and the cluster under test is built from a kubeconfig, the way
 * production builds it.
 */
final class MockKubeApi implements AutoCloseable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    // Held so the JUL logger keeps its level (JUL holds loggers weakly).
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        // The mock web server logs a line per request through java.util.logging; logback-test.xml does not reach it.
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient admin;

    MockKubeApi() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        for (FluxKind kind : FluxKind.values()) {
            server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                    .withGroup(kind.group())
                    .withVersion(kind.version())
                    .withKind(kind.kind())
                    .withPlural(kind.plural())
                    .withScope("Namespaced")
                    .build());
        }
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                .withGroup("longhorn.io")
                .withVersion("v1beta2")
                .withKind("Volume")
                .withPlural("volumes")
                .withScope("Namespaced")
                .build());
        admin = server.createClient(builder -> builder.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    KubernetesMockServer server() {
        return server;
    }

    /** Seeds and inspects the store behind the cluster under test's back. */
    KubernetesClient admin() {
        return admin;
    }

    /**
     * The API without Longhorn's CRD: the list of its volumes answers 404 as a real API server does (the CRUD
     * store would answer an empty list for any path).
     */
    void uninstallLonghorn() {
        server.expect().get().withPath("/apis/longhorn.io/v1beta2/volumes")
                .andReturn(404, new StatusBuilder().withStatus("Failure").withCode(404).withReason("NotFound")
                        .withMessage("the server could not find the requested resource").build())
                .always();
    }

    /** The cluster under test, built from a kubeconfig file as in production, without request retries. */
    Fabric8Cluster cluster(Path dir) {
        return new Fabric8Cluster(new KubeSettings(kubeconfig(dir, server.url("/")), REQUEST_TIMEOUT, 0));
    }

    static Path kubeconfig(Path dir, String serverUrl) {
        Path file = dir.resolve("kubeconfig-" + System.nanoTime());
        try {
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: mock
                      cluster:
                        server: %s
                    contexts:
                    - name: mock
                      context:
                        cluster: mock
                        user: hecate
                        namespace: default
                    current-context: mock
                    users:
                    - name: hecate
                      user:
                        token: test-token
                    """.formatted(serverUrl));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A loopback port nothing listens on. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Paths of the requests received so far, with their methods, e.g. {@code POST /api/v1/...}. */
    List<String> requests() throws InterruptedException {
        List<String> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request.getMethod() + " " + request.getPath());
        }
        return requests;
    }

    @Override
    public void close() {
        admin.close();
        server.destroy();
    }
}
