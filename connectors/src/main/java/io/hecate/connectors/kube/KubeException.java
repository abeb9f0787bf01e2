package io.hecate.connectors.kube;

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
}
