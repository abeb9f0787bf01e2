package io.hecate.connectors;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Work started on a thread of its own and taken where it is needed. */
public final class Futures {

    private Futures() {
    }

    /** {@code work}, started now on a (daemon) thread of its own named {@code name}. */
    public static <T> CompletableFuture<T> started(String name, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, task -> DaemonThreads.named(name).newThread(task).start());
    }

    /** The future's value; its failure as it was thrown, not wrapped (an error stays wrapped). */
    public static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
