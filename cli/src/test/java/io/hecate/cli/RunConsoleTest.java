package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.StageRecord;
import io.hecate.engine.runtime.RunEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunConsoleTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final StringWriter text = new StringWriter();
    private final RunConsole console = new RunConsole(new PrintWriter(text, true));
    private long ids;

    @Test
    void aWaitLoopPrintsOneLinePerPassCarryingItsProgress() {
        pass(0, "waiting for 0/8 nodes Ready, 60 s left");
        pass(2, "waiting for 3/8 nodes Ready, 58 s left");
        pass(4, "all 8 nodes Ready");

        List<String> lines = text.toString().lines().toList();

        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).contains("start  Wait for nodes Ready");
        assertThat(lines.get(1)).endsWith("- waiting for 0/8 nodes Ready, 60 s left");
        assertThat(lines.get(2)).contains("ok     Wait for nodes Ready");
        assertThat(lines.get(3)).contains("wait   Wait for nodes Ready: waiting for 3/8 nodes Ready, 58 s left (pass 2)");
        assertThat(lines.get(4)).contains("wait   Wait for nodes Ready (pass 3)");
        assertThat(lines.get(5)).endsWith("- all 8 nodes Ready");
    }

    @Test
    void aPassThatRecordsNothingStillSaysItIsWaitingAndAFailedPassShowsItsOutcome() {
        pass(0, "waiting for Flux to reconcile, 600 s left");
        StageRecord silent = stage(2, null);
        console.accept(new RunEvent.StageStarted(silent));
        console.accept(new RunEvent.StageEnded(stage(2, "failed")));

        assertThat(text.toString().lines()).anyMatch(l -> l.contains("wait   Wait for nodes Ready (still waiting, pass 2)"))
                .anyMatch(l -> l.contains("failed Wait for nodes Ready"));
    }

    private void pass(int at, String action) {
        console.accept(new RunEvent.StageStarted(stage(at, null)));
        console.accept(new RunEvent.Action(new ActionRecord(++ids, "r1", "WaitForNodesReady", T0.plusSeconds(at).plusMillis(5), action)));
        console.accept(new RunEvent.StageEnded(stage(at, "ok")));
    }

    private StageRecord stage(int at, String outcome) {
        return new StageRecord(++ids, "r1", "WaitForNodesReady", "Wait for nodes Ready", null, T0.plusSeconds(at),
                outcome == null ? null : T0.plusSeconds(at).plusMillis(10), outcome, null);
    }
}
