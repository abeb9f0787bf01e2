package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunOwner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerHeartbeatTest {

    @TempDir
    Path dir;

    RunHistory history;

    /** Released before @TempDir goes: an open H2 file's lock watchdog would write the directory again. */
    @AfterEach
    void close() {
        history.close();
    }

    @Test
    void stoppedInTheMiddleOfABeatLetsItFinishUninterruptedThenRecordsTheStop() throws InterruptedException {
        history = RunHistory.owning(EngineDatabase.historyPool(dir));
        SlowInBeats clock = new SlowInBeats();
        RunOwner owner = RunOwner.forThisProcess(Instant.now());
        history.ownerStarted(owner);
        OwnerHeartbeat heartbeat = new OwnerHeartbeat(history, owner.token(), clock);
        heartbeat.start();
        assertThat(clock.inBeat.await(10, TimeUnit.SECONDS)).as("a beat started").isTrue();

        heartbeat.stop();

        assertThat(clock.beatEnded).as("the beat had ended when stop returned").isTrue();
        assertThat(clock.beatInterrupted).as("the beat was interrupted").isFalse();
        // the beat had ended before the stop's mark was written: a beat still under way would write over it
        assertThat(history.owner(owner.token())).hasValueSatisfying(stopped ->
                assertThat(stopped.heartbeat()).as("the stop's mark").isEqualTo(Instant.EPOCH));
    }

    /** Takes its time when a beat asks it, and does not end early when interrupted: the beat is then mid-way. */
    private static final class SlowInBeats extends Clock {

        private static final Duration IN_BEAT = Duration.ofMillis(300);

        final CountDownLatch inBeat = new CountDownLatch(1);
        final AtomicBoolean beatInterrupted = new AtomicBoolean();
        volatile boolean beatEnded;

        @Override
        public Instant instant() {
            if (Thread.currentThread().getName().startsWith("owner-heartbeat") && inBeat.getCount() > 0) {
                inBeat.countDown();
                long until = System.nanoTime() + IN_BEAT.toNanos();
                while (System.nanoTime() < until) {
                    LockSupport.parkNanos(until - System.nanoTime());
                }
                beatInterrupted.set(Thread.currentThread().isInterrupted());
                beatEnded = true;
            }
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
