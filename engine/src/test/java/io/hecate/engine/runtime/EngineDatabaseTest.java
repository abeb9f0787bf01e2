package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hecate.engine.config.ConfigException;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunStart;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader's history lets the H2 file go when closed. One that does not keeps the database open, and H2's lock
 * watchdog writes the lock file again after the directory was removed (test dirs left behind in /tmp). A history for
 * one read opens the file alone when nobody has it, and reads through the process that serves it when somebody does. It
 * reads the history's own file, or Camunda's where an earlier Hecate kept the history, until an engine moved it.
 */
class EngineDatabaseTest {

    private static final int WRITES = 300;

    @TempDir
    Path dir;

    @Test
    void aClosedExistingHistoryReleasesTheDatabaseFile() {
        RunHistory.owning(EngineDatabase.historyPool(dir)).close();
        RunHistory history = EngineDatabase.existingHistory(dir).orElseThrow();
        history.runs(1);
        assertThat(dir.resolve("history.lock.db")).exists();

        history.close();

        assertThat(dir.resolve("history.lock.db")).doesNotExist();
    }

    @Test
    void noStatementFailsOnANewHistoryOrItsReaders() throws Exception {
        recordRun("r1");
        try (RunHistory history = EngineDatabase.existingHistoryForOneRead(dir).orElseThrow()) {
            assertThat(history.run("r1")).isPresent();
        }

        // H2 writes a statement that failed (one on a table not there yet) to <file>.trace.db, where an operator reads
        // it as a fault; under the tests' -ea, H2's own assertions may write there too (its compaction at close)
        Path trace = dir.resolve("history.trace.db");
        assertThat(Files.exists(trace) ? Files.readString(trace) : "").doesNotContain("SQL statement");
    }

    /**
     * A state dir this process cannot look into (as root only a path through a file shows it; another user's 0700 dir
     * does the same for anyone else) is a problem named with the directory, not an empty history ("no runs recorded
     * yet"); nor is the engine's directory that cannot be created a bug.
     */
    @Test
    void aStateDirThisProcessCannotLookIntoIsNamedNotReadAsEmpty() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        Path engineDir = file.resolve("engine");

        assertThatThrownBy(() -> EngineDatabase.existingHistoryForOneRead(engineDir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("state_dir " + file + ": cannot look for the run history in " + engineDir + " (Not a directory)");
        assertThatThrownBy(() -> EngineDatabase.existingHistory(engineDir)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new EngineSettings(engineDir, Map.of(), null, Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("state_dir " + file + ": cannot create the engine's directory " + engineDir);
    }

    @Test
    void aHistoryForOneReadHasNoneBeforeAnEngineMadeOne() {
        assertThat(EngineDatabase.existingHistoryForOneRead(dir)).isEmpty();
    }

    @Test
    void aHistoryForOneReadOpensTheFileAloneWhenNobodyHasIt() {
        recordRun("r1");

        try (RunHistory history = EngineDatabase.existingHistoryForOneRead(dir).orElseThrow()) {
            assertThat(history.run("r1")).isPresent();
            // no lock file: no loopback server was started for others to connect through
            assertThat(dir.resolve("history.lock.db")).doesNotExist();
        }
    }

    @Test
    void aReadAloneLeavesTheFileAsItWasWhenNoRunIsRecordedRunning() throws Exception {
        recordRun("r1");
        endRun("r1");
        byte[] before = Files.readAllBytes(dir.resolve("history.mv.db"));

        try (RunHistory history = EngineDatabase.existingHistoryForOneRead(dir).orElseThrow()) {
            assertThat(history.run("r1")).hasValueSatisfying(run -> assertThat(run.outcome()).isEqualTo("succeeded"));
        }

        // opened for writing, H2 wrote a chunk at the open and the close and compacted the file at the close
        assertThat(Files.readAllBytes(dir.resolve("history.mv.db"))).isEqualTo(before);
        assertThat(dir.resolve("history.lock.db")).doesNotExist();
    }

    @Test
    void aReadAloneCanEndAnOrphanWhenARunIsRecordedRunning() {
        recordRun("r1");

        try (RunHistory history = EngineDatabase.existingHistoryForOneRead(dir).orElseThrow()) {
            assertThat(history.runInterrupted("r1", "its owner is gone", true, Instant.now())).isTrue();
        }
        try (RunHistory history = EngineDatabase.existingHistoryForOneRead(dir).orElseThrow()) {
            assertThat(history.run("r1")).hasValueSatisfying(run -> assertThat(run.outcome()).isEqualTo("interrupted"));
        }
    }

    @Test
    void aProcessOpeningTheFileDuringAReadAloneWaitsForItAsForAHandOver() throws Exception {
        RunHistory.owning(EngineDatabase.historyPool(dir)).close();
        Process holder;
        try (RunHistory alone = EngineDatabase.existingHistoryForOneRead(dir).orElseThrow()) {
            holder = holder();
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            Thread.sleep(1500);
            assertThat(holder.isAlive()).isTrue();
            assertThat(out.ready()).as("the other process opened the file while it was read alone").isFalse();
            alone.runs(1);
            alone.close();
            assertThat(out.readLine()).isEqualTo("holding");
        }
        release(holder);
    }

    @Test
    void aHistoryForOneReadReadsThroughTheProcessThatServesTheFile() throws Exception {
        recordRun("r1");
        Process holder = holder();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("holding");

            try (RunHistory history = EngineDatabase.existingHistoryForOneRead(dir).orElseThrow()) {
                assertThat(history.run("r1")).isPresent();
            }
            assertThat(holder.isAlive()).isTrue();
        } finally {
            release(holder);
        }
    }

    @Test
    void aHistoryForOneReadWaitsForAnotherReadAlone() throws Exception {
        recordRun("r1");
        Process holder = holder("alone");
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("holding");
        Thread letGo = new Thread(() -> {
            try {
                Thread.sleep(1000);
                holder.getOutputStream().close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        letGo.start();

        try (RunHistory history = EngineDatabase.existingHistoryForOneRead(dir).orElseThrow()) {
            assertThat(history.run("r1")).isPresent();
        }
        letGo.join();
        release(holder);
    }

    @Test
    void aReadBeforeTheFirstBootOfThisVersionFindsTheHistoryInCamundasFile() {
        try (RunHistory earlier = RunHistory.owning(EngineDatabase.enginePool(dir))) {
            earlier.runStarted(new RunStart("r0", "hecate-shutdown", "cli", "full", false, Instant.parse("2026-11-01T10:00:00Z"), "pi-r0"));
        }

        try (RunHistory history = EngineDatabase.existingHistoryForOneRead(dir).orElseThrow()) {
            assertThat(history.run("r0")).isPresent();
        }
        assertThat(dir.resolve("history.mv.db")).as("a reader creates no file").doesNotExist();
    }

    @Test
    void aReadAfterTheFirstBootOfThisVersionReadsTheHistorysOwnFile() {
        try (RunHistory earlier = RunHistory.owning(EngineDatabase.enginePool(dir))) {
            earlier.runStarted(new RunStart("r0", "hecate-shutdown", "cli", "full", false, Instant.parse("2026-11-01T10:00:00Z"), "pi-r0"));
        }
        recordRun("r1");

        try (RunHistory history = EngineDatabase.existingHistoryForOneRead(dir).orElseThrow()) {
            assertThat(history.run("r1")).isPresent();
            assertThat(history.run("r0")).isEmpty();
        }
    }

    @Test
    void aThreadInterruptedWhileItWritesLeavesTheFileWritable() throws Exception {
        recordRun("r1");
        try (RunHistory history = RunHistory.owning(EngineDatabase.historyPool(dir))) {
            AtomicReference<RuntimeException> failed = new AtomicReference<>();
            AtomicInteger interruptsSeen = new AtomicInteger();
            CountDownLatch writing = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < WRITES; i++) {
                        writing.countDown();
                        history.action("r1", "stage", "action " + i, Instant.now());
                        if (Thread.interrupted()) {
                            interruptsSeen.incrementAndGet();
                        }
                    }
                } catch (RuntimeException e) {
                    failed.set(e);
                }
            });
            writer.start();
            writing.await();
            while (writer.isAlive()) {
                writer.interrupt();
                Thread.sleep(1);
            }

            // a plain file channel is closed by an interrupt that lands in a write: that write fails, and so does every
            // later one of this process (the run's end, the owner's stop)
            assertThat(failed.get()).as("a write whose thread was interrupted").isNull();
            assertThat(interruptsSeen.get()).as("writes that kept their thread's interrupt").isPositive();
            history.action("r1", "stage", "after", Instant.now());
            assertThat(history.actions("r1")).hasSize(WRITES + 1);
        }
    }

    /** As an engine does: creates the history and records a run in it. */
    private void recordRun(String runId) {
        try (RunHistory history = RunHistory.owning(EngineDatabase.historyPool(dir))) {
            history.runStarted(new RunStart(runId, "hecate-shutdown", "cli", "full", false, Instant.parse("2026-12-01T10:00:00Z"),
                    "pi-" + runId));
        }
    }

    private void endRun(String runId) {
        try (RunHistory history = RunHistory.owning(EngineDatabase.historyPool(dir))) {
            history.runEnded(runId, "succeeded", null, Instant.parse("2026-12-01T10:01:00Z"));
        }
    }

    /** Lets the holder go (closes its standard input) and checks that it ended well. */
    private static void release(Process holder) throws Exception {
        holder.getOutputStream().close();
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(holder.exitValue()).isZero();
    }

    private Process holder(String... mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                HistoryHolderJvm.class.getName(), dir.toString()));
        command.addAll(List.of(mode));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
