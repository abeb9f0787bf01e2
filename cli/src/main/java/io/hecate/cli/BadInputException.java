package io.hecate.cli;

/** Input the CLI cannot use (an unknown run id, a missing file): exit code 2. */
final class BadInputException extends RuntimeException {

    BadInputException(String message) {
        super(message);
    }
}
