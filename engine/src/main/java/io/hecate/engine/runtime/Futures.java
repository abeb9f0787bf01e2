package io.hecate.engine.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Work started on a thread of its own and taken where it is needed. */
final class Futures {

    private Futures() {
    }

    /** The future's value; its failure as it was thrown, not wrapped (an error stays wrapped). */
    static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
