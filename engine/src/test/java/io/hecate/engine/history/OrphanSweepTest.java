package io.hecate.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.runtime.EngineDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orphans seen at once from the owner's pid and boot id, never after a timeout; interrupted runs are never samples. */
class OrphanSweepTest {

    private static final String HOST = "titan-db";
    private static final String BOOT = "boot-now";

    @TempDir
    Path dir;
    private JdbcConnectionPool pool;
    private RunHistory history;
    private Instant now;
    private OrphanSweep sweep;

    @BeforeEach
    void open() {
        pool = EngineDatabase.historyPool(dir.resolve("engine"));
        history = new RunHistory(pool);
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        sweep = new OrphanSweep(history, new OwnerLiveness(HOST, BOOT, Clock.fixed(now, ZoneOffset.UTC)),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    private void runOwnedBy(String runId, RunOwner owner) {
        history.ownerStarted(owner);
        history.runStarted(new RunStart(runId, "hecate-shutdown", "cli", "full", true, now.minusSeconds(5), "pi-" + runId,
                owner.token()));
        history.stageStarted(runId, "StopAgents", "Stop k3s-agent on workers", null, now.minusSeconds(1));
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aRunWhoseOwnerProcessDiedIsInterruptedAndResumableAtOnce() throws Exception {
        runOwnedBy("r1", new RunOwner(11, HOST, BOOT, deadPid(), now.minusSeconds(10), now));

        assertThat(sweep.sweep()).extracting(RunRecord::runId).containsExactly("r1");

        RunRecord run = history.run("r1").orElseThrow();
        assertThat(run.outcome()).isEqualTo(RunRecord.INTERRUPTED);
        assertThat(run.interruptedResumable()).isTrue();
        assertThat(run.detail()).contains("in stage StopAgents (Stop k3s-agent on workers)");
        assertThat(history.stages("r1")).allSatisfy(s -> assertThat(s.outcome()).isEqualTo(RunRecord.INTERRUPTED));
        assertThat(run.sample()).isFalse();
    }

    @Test
    void aRunOfALivingOwnerIsLeftRunning() {
        runOwnedBy("r1", new RunOwner(12, HOST, BOOT, ProcessHandle.current().pid(), now, now));

        assertThat(sweep.sweep()).isEmpty();
        assertThat(history.run("r1").orElseThrow().running()).isTrue();
    }

    @Test
    void aLivingOwnerWaitingOutAHandOverIsNoOrphan() {
        Instant lastHeartbeat = now.minus(HandOver.PATIENCE).minusSeconds(1);
        runOwnedBy("r1", new RunOwner(20, HOST, BOOT, ProcessHandle.current().pid(), now, lastHeartbeat));
        runOwnedBy("r2", new RunOwner(21, "elsewhere", "x", 1, now, lastHeartbeat));

        assertThat(sweep.sweep()).isEmpty();
    }

    /**
     * NTP stepped the wall clock an hour forward after the owner recorded itself (a host without a battery-backed clock
     * that booted after a power loss with the time it last saved): the owner lives, its runs go on.
     */
    @Test
    void aLivingOwnerIsNoOrphanAfterTheWallClockWasSteppedAndAReusedPidStillIs() {
        RunOwner beforeStep = RunOwner.forThisProcess(now.minus(Duration.ofHours(1)));
        assertThat(beforeStep.startTicks()).as("/proc tells").isNotNull();
        assertThat(beforeStep.heartbeatUptimeMillis()).isNotNull();
        OrphanSweep afterStep = new OrphanSweep(history, new OwnerLiveness(beforeStep.host(), beforeStep.bootId(),
                Clock.fixed(now, ZoneOffset.UTC)), Clock.fixed(now, ZoneOffset.UTC));
        runOwnedBy("r1", beforeStep);

        assertThat(afterStep.sweep()).isEmpty();

        runOwnedBy("r2", new RunOwner(31, beforeStep.host(), beforeStep.bootId(), beforeStep.pid(), now, now,
                beforeStep.startTicks() + 1, beforeStep.heartbeatUptimeMillis()));
        assertThat(afterStep.sweep()).as("the pid of another process's owner").extracting(RunRecord::runId).containsExactly("r2");
        history.ownerStopped(beforeStep.token());
        assertThat(afterStep.sweep()).as("an owner that stopped").extracting(RunRecord::runId).containsExactly("r1");
    }

    @Test
    void anOwnerWhoseEngineClosedIsGoneEvenThoughItsProcessLives() {
        runOwnedBy("r1", new RunOwner(13, HOST, BOOT, ProcessHandle.current().pid(), now, now));
        history.ownerStopped(13);

        assertThat(sweep.sweep()).extracting(RunRecord::runId).containsExactly("r1");
    }

    @Test
    void aRunFromAPreviousBootIsClosedNeverResumable() {
        runOwnedBy("r1", new RunOwner(14, HOST, "boot-before", ProcessHandle.current().pid(), now, now));

        sweep.sweep();

        RunRecord run = history.run("r1").orElseThrow();
        assertThat(run.outcome()).isEqualTo(RunRecord.INTERRUPTED);
        assertThat(run.interruptedResumable()).isFalse();
        assertThat(run.detail()).startsWith("host restarted");
        assertThat(history.runResumed("r1", 99)).isFalse();
    }

    @Test
    void anOwnerOnAnotherHostIsGoneOnlyWhenItsHeartbeatIsStale() {
        runOwnedBy("r1", new RunOwner(15, "elsewhere", "x", 1, now, now.minusSeconds(2)));
        runOwnedBy("r2", new RunOwner(16, "elsewhere", "x", 1, now, now.minus(OwnerLiveness.STALE).minusSeconds(1)));

        assertThat(sweep.sweep()).extracting(RunRecord::runId).containsExactly("r2");
    }

    @Test
    void aResumedRunIsNeverABudgetSample() throws Exception {
        runOwnedBy("r1", new RunOwner(17, HOST, BOOT, deadPid(), now, now));
        sweep.sweep();

        assertThat(history.runResumed("r1", 18)).isTrue();
        RunRecord resumed = history.run("r1").orElseThrow();
        assertThat(resumed.running()).isTrue();
        assertThat(resumed.resumed()).isTrue();
        history.runEnded("r1", RunRecord.SUCCEEDED, null, now.plusSeconds(1));

        assertThat(history.run("r1").orElseThrow().sample()).isFalse();
        assertThat(history.successfulDurations("hecate-shutdown", Set.of(), 10)).isEmpty();
    }

    @Test
    void anAbortedRunKeepsItsEndAndIsNoLongerResumable() throws Exception {
        runOwnedBy("r1", new RunOwner(19, HOST, BOOT, deadPid(), now, now));
        sweep.sweep();

        assertThat(history.runClosed("r1", RunRecord.ABORTED, "aborted: test", now.plus(Duration.ofSeconds(3)))).isTrue();

        RunRecord run = history.run("r1").orElseThrow();
        assertThat(run.outcome()).isEqualTo(RunRecord.ABORTED);
        assertThat(run.ended()).isEqualTo(now);
        assertThat(history.resumableRuns()).isEmpty();
    }
}
