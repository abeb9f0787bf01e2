package io.hecate.drills.lab;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Time in the lab: delayed command effects are scheduled, not slept, so 200 nodes stopping at once need
 * no thread each. {@link #io()} is for blocking socket work (NUT and gate connections, SSH replies).
 */
final class LabScheduler implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(2, daemon("lab-timer"));
    private final ThreadPoolExecutor io = new ThreadPoolExecutor(0, 256, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), daemon("lab-io"));

    LabScheduler() {
        timer.setRemoveOnCancelPolicy(true);
    }

    ScheduledExecutorService executor() {
        return timer;
    }

    ExecutorService io() {
        return io;
    }

    <T> CompletableFuture<T> after(Duration delay, Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        var task = timer.schedule(() -> {
            try {
                result.complete(action.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                task.cancel(false);
            }
        });
        return result;
    }

    void later(Duration delay, Runnable action) {
        timer.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory base = Executors.defaultThreadFactory();
        return runnable -> {
            Thread thread = base.newThread(runnable);
            thread.setName(prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        io.shutdownNow();
    }
}
