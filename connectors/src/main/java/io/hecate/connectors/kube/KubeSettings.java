package io.hecate.connectors.kube;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * @param kubeconfig     null: the client's default discovery (KUBECONFIG, ~/.kube/config, in-cluster)
 * @param requestRetries retries of a failed request (connection error, 5xx, 429) with exponential
 *                       backoff; each 429 retried this way costs seconds, so tests use 0
 */
public record KubeSettings(Path kubeconfig, Duration requestTimeout, int requestRetries) {

    public KubeSettings {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be > 0, got " + requestTimeout);
        }
        if (requestRetries < 0) {
            throw new IllegalArgumentException("requestRetries must be >= 0, got " + requestRetries);
        }
    }
}
