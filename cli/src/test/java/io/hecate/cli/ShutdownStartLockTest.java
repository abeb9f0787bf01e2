package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownStartLockTest {

    @TempDir
    Path stateDir;

    @Test
    void secondStarterWaitsUntilTheFirstHasStartedItsRun() throws Exception {
        CountDownLatch secondHasLock = new CountDownLatch(1);
        CompletableFuture<Void> second;
        try (ShutdownStartLock first = ShutdownStartLock.acquire(stateDir)) {
            second = CompletableFuture.runAsync(() -> {
                try (ShutdownStartLock lock = ShutdownStartLock.acquire(stateDir)) {
                    secondHasLock.countDown();
                }
            });
            assertThat(secondHasLock.await(300, TimeUnit.MILLISECONDS)).as("blocked while the first holds it").isFalse();
        }
        assertThat(secondHasLock.await(5, TimeUnit.SECONDS)).as("taken once the first let go").isTrue();
        second.get(5, TimeUnit.SECONDS);
        assertThat(stateDir.resolve("shutdown-start.lock")).exists();
    }

    @Test
    void differentStateDirsDoNotBlockEachOther() {
        try (ShutdownStartLock one = ShutdownStartLock.acquire(stateDir.resolve("a"));
             ShutdownStartLock two = ShutdownStartLock.acquire(stateDir.resolve("b"))) {
            assertThat(stateDir.resolve("a/shutdown-start.lock")).exists();
            assertThat(stateDir.resolve("b/shutdown-start.lock")).exists();
        }
    }
}
