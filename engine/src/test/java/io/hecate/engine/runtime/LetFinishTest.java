package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class LetFinishTest {

    final CountDownLatch started = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();
    final AtomicBoolean finished = new AtomicBoolean();
    final AtomicBoolean queuedRan = new AtomicBoolean();

    @Test
    void theTaskUnderWayAndThoseQueuedBeforeFinishUninterrupted() throws InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.execute(() -> work(Duration.ofMillis(300)));
        executor.execute(() -> queuedRan.set(true));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(LetFinish.stop(executor, Duration.ofSeconds(10), "a task")).as("ended in time").isTrue();

        assertThat(finished).isTrue();
        assertThat(interrupted).isFalse();
        assertThat(queuedRan).as("the queued task ran").isTrue();
    }

    @Test
    void saysSoWhenTheTaskOutlastsTheWait() throws InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.execute(() -> work(Duration.ofSeconds(2)));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(LetFinish.stop(executor, Duration.ofMillis(100), "a task")).isFalse();

        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).isFalse();
    }

    /** Busy for {@code time}; an interrupt does not end it early, it is only noted. */
    private void work(Duration time) {
        started.countDown();
        long until = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < until) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
        interrupted.set(Thread.currentThread().isInterrupted());
        finished.set(true);
    }
}
