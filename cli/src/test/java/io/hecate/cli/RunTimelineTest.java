package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunTimelineTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final int NODES = 200;

    private long ids;

    @Test
    void aTwoHundredNodeRunWithWarningsStaysUnderAScreenPerStage() {
        List<StageRecord> stages = new ArrayList<>();
        List<ActionRecord> actions = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            String node = "node-" + i;
            stages.add(stage("StopAgents", "Stop k3s-agent on workers", node, 1, 3, i % 50 == 0 ? "timeout" : "ok"));
            actions.add(action("StopAgents", 2, "ssh " + node + ": systemctl stop k3s-agent"));
            actions.add(action("StopAgents", 2, "warning: " + node + " timeout: no answer within 120 s"));
            actions.add(action("StopAgents", 2, "warning: the same problem on every node"));
        }

        String[] lines = print(run(RunRecord.SUCCEEDED, 10), stages, actions).split("\n");

        assertThat(lines.length).isLessThan(40);
        assertThat(lines).filteredOn(l -> l.contains("Stop k3s-agent on workers")).singleElement().asString()
                .contains("timeout", "(200 nodes: 196 ok, 4 timeout)");
        assertThat(lines).filteredOn(l -> l.contains("node-50 timeout")).hasSize(1);
        assertThat(lines).anyMatch(l -> l.contains("! 400 warnings:"))
                .anyMatch(l -> l.contains("the same problem on every node (200 times)"))
                .anyMatch(l -> l.contains("… and 192 more actions (runs show --json lists all)"));
    }

    @Test
    void aWaitLoopIsOneRowAndAFailedRunEndsWithAFailedRow() {
        List<StageRecord> stages = new ArrayList<>();
        for (int pass = 0; pass < 6; pass++) {
            stages.add(stage("TimeSync", "Check clocks", null, 2 * pass, 2 * pass + 1, "ok"));
        }
        List<ActionRecord> actions = List.of(action("TimeSync", 11, "warning: time sync needs 2 clocks, 0 after 10 s"));

        String printed = print(run(RunRecord.FAILED, 12), stages, actions);

        assertThat(printed.lines().filter(l -> l.contains("Check clocks"))).singleElement().asString().contains("(ran 6 times)");
        assertThat(printed.lines().reduce((a, b) -> b).orElseThrow()).contains("failed", "run ended: Clocks not synchronised");
    }

    @Test
    void aWaitShowsOnlyItsLatestProgressLineAboveWhatItDid() {
        List<StageRecord> stages = new ArrayList<>();
        List<ActionRecord> actions = new ArrayList<>();
        for (int pass = 0; pass < 30; pass++) {
            stages.add(stage("WaitForNodesReady", "Wait for nodes Ready", null, 2 * pass, 2 * pass + 1, "ok"));
            actions.add(action("WaitForNodesReady", 2 * pass, "waiting for " + pass / 4 + "/8 nodes Ready, " + (60 - 2 * pass) + " s left"));
        }
        actions.add(action("WaitForNodesReady", 60, "all 8 nodes Ready"));

        List<String> lines = print(run(RunRecord.SUCCEEDED, 61), stages, actions).lines().toList();

        assertThat(lines).filteredOn(l -> l.contains("waiting for")).singleElement().asString()
                .endsWith("- waiting for 7/8 nodes Ready, 2 s left");
        assertThat(lines).anyMatch(l -> l.endsWith("- all 8 nodes Ready")).noneMatch(l -> l.contains("more action"));
    }

    @Test
    void stagesPrintInTheOrderTheyStartedAndMultiLineOutputStaysIndented() {
        List<StageRecord> stages = List.of(
                stage("PowerOffNodes", "Power off nodes in order", null, 0, 9, "ok"),
                stage("StopServers", "Stop k3s on control planes", null, 1, 2, "ok"));
        List<ActionRecord> actions = List.of(action("StopServers", 1, "k3s said:\nline one\nline two"));

        List<String> lines = Arrays.asList(print(run(RunRecord.SUCCEEDED, 10), stages, actions).split("\n"));

        assertThat(lines).containsSubsequence(lines.stream().filter(l -> l.contains("Power off")).findFirst().orElseThrow(),
                lines.stream().filter(l -> l.contains("Stop k3s on control planes")).findFirst().orElseThrow());
        int said = lines.indexOf(lines.stream().filter(l -> l.endsWith("- k3s said:")).findFirst().orElseThrow());
        assertThat(lines.get(said + 1).indexOf("line one")).isEqualTo(lines.get(said).indexOf("k3s said:"));
    }

    private static String print(RunRecord run, List<StageRecord> stages, List<ActionRecord> actions) {
        StringWriter text = new StringWriter();
        new RunTimeline(new PrintWriter(text, true)).print(run, stages, actions);
        return text.toString();
    }

    private static RunRecord run(String outcome, int seconds) {
        return new RunRecord("r1", "hecate-startup", "cli", "startup", true, T0, T0.plusSeconds(seconds), outcome,
                RunRecord.FAILED.equals(outcome) ? "Clocks not synchronised" : null, "p1");
    }

    private StageRecord stage(String id, String name, String node, int from, int to, String outcome) {
        return new StageRecord(++ids, "r1", id, name, node, T0.plusSeconds(from), T0.plusSeconds(to), outcome,
                "ok".equals(outcome) ? null : "no answer within 120 s");
    }

    private ActionRecord action(String stage, int at, String text) {
        return new ActionRecord(++ids, "r1", stage, T0.plusSeconds(at), text);
    }
}
