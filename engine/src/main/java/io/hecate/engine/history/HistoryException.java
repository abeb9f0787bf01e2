package io.hecate.engine.history;

/** The run history could not be read or written. */
public final class HistoryException extends RuntimeException {

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
