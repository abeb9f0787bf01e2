package io.hecate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMutexTest {

    @TempDir
    Path stateDir;

    @Test
    void secondHolderWaitsUntilTheFirstLetsGo() throws Exception {
        CountDownLatch secondHasLock = new CountDownLatch(1);
        CompletableFuture<Void> second;
        try (FileMutex first = FileMutex.acquire(stateDir.resolve("x.lock"))) {
            second = CompletableFuture.runAsync(() -> {
                try (FileMutex lock = FileMutex.acquire(stateDir.resolve("x.lock"))) {
                    secondHasLock.countDown();
                }
            });
            assertThat(secondHasLock.await(300, TimeUnit.MILLISECONDS)).as("blocked while the first holds it").isFalse();
        }
        assertThat(secondHasLock.await(5, TimeUnit.SECONDS)).as("taken once the first let go").isTrue();
        second.get(5, TimeUnit.SECONDS);
        assertThat(stateDir.resolve("x.lock")).exists();
    }

    @Test
    void aBoundedWaitGivesUpWhileAnotherHoldsItAndTakesItOnceLetGo() throws Exception {
        Path file = stateDir.resolve("x.lock");
        try (FileMutex first = FileMutex.acquire(file)) {
            CompletableFuture<Optional<FileMutex>> waited = CompletableFuture.supplyAsync(() -> FileMutex.acquireWithin(file, Duration.ofMillis(200)));
            assertThat(waited.get(5, TimeUnit.SECONDS)).as("given up while the first holds it").isEmpty();
        }
        Optional<FileMutex> second = FileMutex.acquireWithin(file, Duration.ZERO);
        assertThat(second).as("taken at once when free").isPresent();
        second.get().close();
    }

    @Test
    void differentFilesDoNotBlockEachOther() {
        try (FileMutex one = FileMutex.acquire(stateDir.resolve("a/x.lock"));
             FileMutex two = FileMutex.acquire(stateDir.resolve("b/x.lock"))) {
            assertThat(stateDir.resolve("a/x.lock")).exists();
            assertThat(stateDir.resolve("b/x.lock")).exists();
        }
    }
}
