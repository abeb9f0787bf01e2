package io.hecate.connectors.ssh;

import io.hecate.connectors.ConnectorException;

/** Why a command could not run on a node; a non-zero exit code is never one of these. */
public class SshException extends ConnectorException {

    /** Lets callers and tests tell failures apart without parsing messages. */
    public enum Reason { UNREACHABLE, HOST_KEY_UNKNOWN, HOST_KEY_CHANGED, AUTH_REFUSED, SUDO_REFUSED, TIMED_OUT, UNMANAGED, SETUP }

    private final Reason reason;

    public SshException(Reason reason, String what, String node, String seen, String hint) {
        this(reason, what, node, seen, hint, null);
    }

    public SshException(Reason reason, String what, String node, String seen, String hint, Throwable cause) {
        super(what, node, seen, hint, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** A node that did not answer may answer later; a host key, a refused login or a setup problem will not change. */
    @Override
    public boolean retryable() {
        return reason == Reason.UNREACHABLE || reason == Reason.TIMED_OUT;
    }

    public String node() {
        return target();
    }
}
