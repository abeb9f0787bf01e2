package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.RunStart;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFollowerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;
    private RunHistory history;

    /** Released before @TempDir goes: an open H2 file's lock watchdog would write the directory again. */
    @AfterEach
    void closeHistory() {
        if (history != null) {
            history.close();
        }
    }

    private static String describe(RunEvent event) {
        if (event instanceof RunEvent.StageStarted s) {
            return "started " + s.stage().stage() + (s.stage().node() == null ? "" : "@" + s.stage().node());
        }
        if (event instanceof RunEvent.StageEnded s) {
            return "ended " + s.stage().stage() + (s.stage().node() == null ? "" : "@" + s.stage().node());
        }
        if (event instanceof RunEvent.Action a) {
            return "action " + a.action().text();
        }
        return "run " + ((RunEvent.RunEnded) event).run().outcome();
    }

    @Test
    void followsARunWrittenWhileItWatches() throws Exception {
        history = RunHistory.owning(EngineDatabase.historyPool(dir));
        history.runStarted(new RunStart("r1", "hecate-shutdown", "cli", "full", true, T0, "pi"));
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            try {
                history.stageStarted("r1", "StopAgents", "Stop agents", null, T0);
                history.action("r1", "StopAgents", "ssh w-1: systemctl stop k3s-agent", T0);
                Thread.sleep(250);
                history.stageEnded("r1", "StopAgents", null, "ok", null, T0.plusSeconds(1));
                history.stageStarted("r1", "StopNode", "Stop node", "cp-1", T0.plusSeconds(1));
                Thread.sleep(250);
                history.stageEnded("r1", "StopNode", "cp-1", "ok", null, T0.plusSeconds(2));
                history.runEnded("r1", RunRecord.SUCCEEDED, null, T0.plusSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();

        RunRecord run = new RunFollower(history).follow("r1", Duration.ofSeconds(20), event -> seen.add(describe(event)));
        writer.join();

        assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(seen).containsExactly("started StopAgents", "action ssh w-1: systemctl stop k3s-agent", "ended StopAgents",
                "started StopNode@cp-1", "ended StopNode@cp-1", "run succeeded");
    }

    @Test
    void anActionOfALoopsLaterPassFollowsThatPassesStartEvenWhenReadInOnePoll() throws Exception {
        history = RunHistory.owning(EngineDatabase.historyPool(dir));
        history.runStarted(new RunStart("r1", "hecate-startup", "cli", "full", true, T0, "pi"));
        for (int pass = 0; pass < 2; pass++) {
            Instant at = T0.plusSeconds(2L * pass);
            history.stageStarted("r1", "WaitForNodesReady", "Wait for nodes", null, at);
            history.action("r1", "WaitForNodesReady", "waiting, pass " + (pass + 1), at.plusMillis(10));
            history.stageEnded("r1", "WaitForNodesReady", null, "ok", null, at.plusMillis(20));
        }
        history.runEnded("r1", RunRecord.SUCCEEDED, null, T0.plusSeconds(3));
        List<String> seen = new CopyOnWriteArrayList<>();

        new RunFollower(history).follow("r1", Duration.ofSeconds(20), event -> seen.add(describe(event)));

        assertThat(seen).containsExactly("started WaitForNodesReady", "action waiting, pass 1", "ended WaitForNodesReady",
                "started WaitForNodesReady", "action waiting, pass 2", "ended WaitForNodesReady", "run succeeded");
    }

    @Test
    void givesUpAtTheTimeoutReturningTheRunAsLastSeen() throws Exception {
        history = RunHistory.owning(EngineDatabase.historyPool(dir));
        history.runStarted(new RunStart("r1", "hecate-shutdown", "cli", "full", true, T0, "pi"));
        List<RunEvent> seen = new CopyOnWriteArrayList<>();

        RunRecord run = new RunFollower(history).follow("r1", Duration.ofMillis(300), seen::add);

        assertThat(run.running()).isTrue();
        assertThat(seen).isEmpty();
    }

    @Test
    void anUnknownRunTimesOutAsNull() throws Exception {
        history = RunHistory.owning(EngineDatabase.historyPool(dir));

        assertThat(new RunFollower(history).follow("nope", Duration.ofMillis(200), event -> { })).isNull();
    }
}
