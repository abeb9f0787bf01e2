package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hecate status} against the lab's UPS: the reading, the threshold and whether it counts; no engine boot. */
class StatusCommandIT {

    @TempDir
    Path dir;
    Lab lab;

    @BeforeEach
    void startLab() {
        lab = Lab.start(LabSpec.defaults(dir));
    }

    @AfterEach
    void stopLab() {
        lab.close();
    }

    @Test
    void showsTheUpsAndWhetherThisReadingCountsTowardTheTrigger() {
        lab.ups().onBattery();
        lab.ups().drainTo(20, 30);

        String out = status(0);

        assertThat(out).contains("ups       " + lab.ups().target() + ": DISCHRG OB, charge 20%, runtime 30 s, load 23%")
                .contains("trigger   on battery and runtime <= 1.25 x 30 s = 38 s for 2 consecutive polls; LB or FSD at once")
                .contains("polls     every 1 s, every 1 s on battery")
                .contains("now       on battery, runtime 30s <= threshold 38s (poll 1 of 2)");
    }

    @Test
    void showsAnUnreachableUpsWithoutFailingQuickly() throws Exception {
        lab.ups().unreachable(true);

        long started = System.nanoTime();
        String out = status(0);

        assertThat(out).contains("ups       " + lab.ups().target() + ": no data: ")
                .contains("upsd")
                .contains("now       NUT data unavailable (").contains("not mains, not an outage");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void judgesAUpsReportingOnlyFsdAsTheDaemonDoes() {
        lab.ups().forcedShutdownOnly();

        assertThat(status(0)).contains("now       forced shutdown (FSD) from the UPS: triggers at once");
    }

    @Test
    void printsTheUpsAndTriggerAsJson() throws Exception {
        lab.ups().lowBattery();

        JsonNode status = new ObjectMapper().readTree(status(0, "--json"));

        assertThat(status.at("/ups/reachable").asBoolean()).isTrue();
        assertThat(status.at("/ups/status").toString()).contains("\"LB\"", "\"OB\"");
        assertThat(status.at("/ups/runtime_seconds").asLong()).isEqualTo(60);
        assertThat(status.at("/trigger/threshold_seconds").asLong()).isEqualTo(38);
        assertThat(status.at("/trigger/budget_source").asText()).isEqualTo("config");
        assertThat(status.at("/trigger/debounce_polls").asInt()).isEqualTo(2);
        assertThat(status.at("/trigger/now").asText()).contains("triggers at once");
        assertThat(status.at("/trigger_runtime_seconds").asLong()).isEqualTo(38);
        JsonConvention.assertFollows(status);
    }

    private String status(int expectedExit, String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[3 + extra.length];
        args[0] = "status";
        args[1] = "--config";
        args[2] = lab.configFile().toString();
        System.arraycopy(extra, 0, args, 3, extra.length);

        int exit = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedExit);
        return out.toString(StandardCharsets.UTF_8);
    }
}
