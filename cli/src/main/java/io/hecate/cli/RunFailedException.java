package io.hecate.cli;

/** A run ended failed; its stages were already printed. Exit code 1. */
final class RunFailedException extends RuntimeException {

    RunFailedException(String message) {
        super(message);
    }
}
