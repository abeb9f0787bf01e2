package io.hecate.engine.runtime;

/** A BPMN file that must not be deployed: the message names the file and what is wrong. Exit code 2. */
public final class WorkflowException extends RuntimeException {

    public WorkflowException(String message) {
        super(message);
    }

    public WorkflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
