package io.hecate.connectors.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hecate.connectors.ConnectorException;

/** A Kubernetes verb failed; {@link #target()} names the object, e.g. {@code Kustomization flux-system/apps}. */
public class KubeException extends ConnectorException {

    private final int httpCode;

    public KubeException(String what, String target, String seen, String hint) {
        this(what, target, seen, hint, 0, null);
    }

    public KubeException(String what, String target, String seen, String hint, int httpCode, Throwable cause) {
        super(what, target, seen, hint, cause);
        this.httpCode = httpCode;
    }

    /** The API's HTTP status, 0 when no answer came (unreachable, timeout) or none applies. */
    public int httpCode() {
        return httpCode;
    }

    /**
     * No answer (connection refused or reset, timed out), 408, a conflict (409), throttling (429) or a server
     * error (5xx) may pass; a refused request (400, 401, 403, 404, 422, ...) and a local problem (kubeconfig, manifest
     * file) will not.
     */
    @Override
    public boolean retryable() {
        if (httpCode == 0) {
            return getCause() instanceof KubernetesClientException;
        }
        return httpCode == 408 || httpCode == 409 || httpCode == 429 || httpCode >= 500;
    }
}
