package io.hecate.drills.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import io.hecate.engine.history.RunRecord;
import io.hecate.engine.runtime.StatementsOnDemand;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoIT {

    private static final List<String> NODES = List.of("titan-0a", "titan-0b", "titan-0c", "titan-04", "titan-05", "titan-06",
            "titan-07", "titan-08");

    @TempDir
    static Path dir;
    private final StringWriter printed = new StringWriter();
    private Demo.Report report;
    private Duration took;
    private final Map<String, Long> statementsBuiltOnDemand = new TreeMap<>();

    @BeforeAll
    void runTheDemoOnce() throws Exception {
        Map<String, Long> before = StatementsOnDemand.missed();
        Instant start = Instant.now();
        report = new Demo(new PrintWriter(printed, true)).run(dir);
        took = Duration.between(start, Instant.now());
        StatementsOnDemand.missed().forEach((id, count) -> {
            if (count > before.getOrDefault(id, 0L)) {
                statementsBuiltOnDemand.put(id, count - before.getOrDefault(id, 0L));
            }
        });
    }

    @Test
    void everyEngineStatementTheOutageNeedsWasBuiltAtBoot() {
        // a statement missing from engine/.../lean-statements.txt costs the daemon a parse of all of them mid-run
        assertThat(statementsBuiltOnDemand).as("add these to lean-statements.txt").isEmpty();
    }

    private Instant first(Predicate<Demo.Entry> entry) {
        return report.timeline().stream().filter(entry).map(Demo.Entry::at).findFirst()
                .orElseThrow(() -> new AssertionError("no such timeline entry in\n" + printed));
    }

    private Instant last(Predicate<Demo.Entry> entry) {
        return report.timeline().stream().filter(entry).map(Demo.Entry::at).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no such timeline entry in\n" + printed));
    }

    private static Predicate<Demo.Entry> text(String text) {
        return e -> e.text().equals(text);
    }

    private static Predicate<Demo.Entry> node(String what) {
        return e -> NODES.contains(e.source()) && e.text().equals(what);
    }

    @Test
    void endsWellAndWellUnderAMinute() {
        assertThat(report.ok()).as(printed.toString()).isTrue();
        assertThat(report.allPoweredOff()).isTrue();
        assertThat(took).isLessThan(Duration.ofSeconds(50));
        assertThat(printed.toString()).contains("Timeline", "Runs (hecate runs)", "demo: done");
    }

    @Test
    void timelineGoesFromOutageToTriggerToShutdownToPowerOffToMainsInThatOrder() {
        Instant onBattery = first(text("ups.status = OB DISCHRG"));
        Instant trigger = first(e -> e.text().startsWith("TRIGGER"));
        Instant runStarted = first(text(HecateWorkflows.EMERGENCY_SHUTDOWN + " started (ups)"));
        Instant stopNodes = first(text("  StopAndPowerOffNodes"));
        Instant firstStopped = first(e -> NODES.contains(e.source()) && e.text().endsWith(" stopped"));
        Instant lastPoweredOff = last(node("powered off"));
        Instant mains = first(text("on mains"));
        Instant firstPoweredOn = first(e -> NODES.contains(e.source()) && e.text().startsWith("powered on"));

        assertThat(List.of(onBattery, trigger, runStarted, stopNodes, firstStopped, lastPoweredOff, mains, firstPoweredOn))
                .as(printed.toString()).isSorted();
        assertThat(report.timeline().stream().filter(node("powered off"))).hasSize(NODES.size());
        assertThat(report.timeline()).extracting(Demo.Entry::at).isSorted();
    }

    @Test
    void historyHoldsTheUpsTriggeredEmergencyRunThenThePowerRestore() {
        assertThat(report.runs()).anySatisfy(run -> {
            assertThat(run.workflow()).isEqualTo(HecateWorkflows.EMERGENCY_SHUTDOWN);
            assertThat(run.trigger()).isEqualTo("ups");
            assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
        });
        assertThat(report.runs()).anySatisfy(run -> {
            assertThat(run.workflow()).isEqualTo(HecateWorkflows.POWER_RESTORE);
            assertThat(run.trigger()).isEqualTo(Trigger.POWER_RESTORED.wire());
            assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
        });
        Instant mains = first(text("on mains"));
        Instant restoreStarted = first(text(HecateWorkflows.POWER_RESTORE + " started (" + Trigger.POWER_RESTORED.wire() + ")"));
        assertThat(restoreStarted).isAfter(mains);
        assertThat(first(text("  PowerOnNodes"))).isBefore(first(node("Wake-on-LAN magic packet received")));
        assertThat(first(text(HecateWorkflows.POWER_RESTORE + " " + RunRecord.SUCCEEDED))).isAfter(first(text("  SetIntentNormal")));
        assertThat(printed.toString()).contains("restore: waiting_for_charge", "restore: cluster normal");
    }

    @Test
    void theClusterIsBackAfterTheStartup() {
        assertThat(report.intent()).as(printed.toString()).isEqualTo("normal");
        assertThat(report.nodesReady()).isEqualTo(NODES.size()).isEqualTo(report.nodes());
        assertThat(report.workloadsReady()).isTrue();
        assertThat(printed.toString()).contains("power watch: emergency budget", "after the restore: intent normal");
    }
}
