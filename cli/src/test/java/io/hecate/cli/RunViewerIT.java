package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.lab.LabSpec;
import io.hecate.drills.lab.LabUps;
import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.runtime.RunIds;
import io.hecate.engine.runtime.RunVariables;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.stage.Wait;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run viewer served by the daemon on the lab, after a UPS-triggered emergency shutdown and a startup that
 * unsealed Vault with the break-glass command: its API against {@code runs --json}, no secret on any page, and
 * headless Chromium on the run page (diagram drawn, overlays on the executed elements, a click opening node rows).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class RunViewerIT {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);
    private static final Path SCREENSHOTS = Path.of("target", "viewer-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    @TempDir
    static Path secrets;
    Lab lab;
    Daemon daemon;
    RunRecord emergency;
    RunRecord startup;
    String base;
    final HttpClient http = HttpClient.newHttpClient();
    /** Every response body and DOM the tests saw, for the secrets scan. */
    final List<String> served = new ArrayList<>();

    @BeforeAll
    void emergencyShutdownAndStartupUnderTheDaemon() throws IOException {
        lab = Lab.start(LabSpec.defaults(dir));
        Path breakGlass = secrets.resolve("breakglass.sh");
        Files.writeString(breakGlass, "#!/bin/sh\nprintf '%s\\n' " + String.join(" ", lab.vault().unsealKeys()) + "\n");
        Files.setPosixFilePermissions(breakGlass, PosixFilePermissions.fromString("rwx------"));
        lab.configure("startup.vault_unseal_key_file", secrets.resolve("missing").toString());
        lab.configure("startup.vault_unseal_breakglass_command", breakGlass.toString());
        HecateConfig config = ConfigLoader.load(lab.configFile());
        daemon = Daemon.start(config, Clock.systemUTC());
        base = daemon.viewer().address();

        lab.ups().onBattery();
        lab.ups().drainTo(20, 30);
        emergency = awaitEnded(HecateWorkflows.EMERGENCY_SHUTDOWN);
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));

        lab.powerOnAll();
        lab.ups().drainTo(100, 3600);
        lab.faults().vaultSecretUnreadable(true);
        Map<String, Object> variables = RunVariables.of(RunIds.next(Clock.systemUTC()), Trigger.BOOT.wire(), RunMode.STARTUP.wire(), true, "mains restored");
        variables.put(Wait.INTERVAL, "PT1S");
        daemon.engine().start(HecateWorkflows.STARTUP, variables);
        startup = awaitEnded(HecateWorkflows.STARTUP);
        assertThat(emergency.outcome()).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(startup.outcome()).as(startup.toString()).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(daemon.engine().history().actions(startup.runId())).extracting(a -> a.text())
                .contains("unseal keys from the break-glass command");
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Nested
    @Order(1)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Api {

        @Test
        void listsTheRunsAsRunsJsonDoesNewestFirst() throws Exception {
            assertThat(json(get("/api/runs"))).isEqualTo(json(hecate("runs", "--json")));
            assertThat(json(get("/api/runs")).findValuesAsText("run_id")).containsExactly(startup.runId(), emergency.runId());
        }

        @Test
        void filtersAndPages() throws Exception {
            assertThat(json(get("/api/runs?workflow=hecate-emergency-shutdown&outcome=succeeded&trigger=ups")).findValuesAsText("run_id"))
                    .containsExactly(emergency.runId());
            assertThat(json(get("/api/runs?outcome=failed"))).isEmpty();
            assertThat(json(get("/api/runs?offset=1&limit=1")).findValuesAsText("run_id")).containsExactly(emergency.runId());
        }

        @Test
        void showsARunAsRunsShowJsonDoes() throws Exception {
            assertThat(json(get("/api/runs/" + emergency.runId()))).isEqualTo(json(hecate("runs", "show", emergency.runId(), "--json")));
        }

        @Test
        void servesTheDefinitionVersionTheRunExecuted() throws Exception {
            JsonNode diagram = json(get("/api/runs/" + emergency.runId() + "/diagram"));
            String definitionId = daemon.engine().history().run(emergency.runId()).orElseThrow().definitionId();

            assertThat(definitionId).startsWith(HecateWorkflows.EMERGENCY_SHUTDOWN + ":");
            assertThat(diagram.path("definition_id").asText()).isEqualTo(definitionId);
            assertThat(diagram.path("bpmn").asText()).contains("id=\"" + HecateWorkflows.EMERGENCY_SHUTDOWN + "\"", "StopAndPowerOffNodes");
            assertThat(diagram.path("visits").findValuesAsText("element_id")).contains("StopAndPowerOffNodes");
        }

        @Test
        void answersAnUnknownRunWith404AndRefusesWrites() throws Exception {
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "api/runs/no-such-run")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "api/runs"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("no run no-such-run in the history");
            assertThat(post.statusCode()).isEqualTo(405);
        }

        @Test
        void showsBudgetsAndPowerAsStatusDoes() throws Exception {
            JsonNode status = json(get("/api/status"));

            assertThat(status.path("trigger").path("threshold_seconds").asLong()).isEqualTo(38);
            assertThat(status.path("ups").path("reachable").asBoolean()).isTrue();
            assertThat(status.path("budgets").has("emergency")).isTrue();
            assertThat(status.path("last_runs").findValuesAsText("run_id")).contains(emergency.runId());
        }
    }

    @Nested
    @Order(2)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Browser {

        @Test
        void drawsTheRunOnItsDiagramAndAClickOpensTheNodeRows() throws Exception {
            try (HeadlessChromium chromium = HeadlessChromium.open(base + "runs/" + emergency.runId())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> chromium.evaluate(
                        "document.querySelectorAll('.djs-element.hx-ok').length").asInt() > 0);
                chromium.screenshot(SCREENSHOTS.resolve("emergency-run.png"));

                assertThat(chromium.evaluate("document.querySelector('[data-element-id=\"StopAndPowerOffNodes\"]').classList.contains('hx-ok')"
                        + " || document.querySelector('[data-element-id=\"StopAndPowerOffNodes\"]').classList.contains('hx-warned')").asBoolean()).isTrue();
                assertThat(chromium.evaluate("document.querySelectorAll('.djs-overlay .hx-time').length").asInt()).isGreaterThan(1);
                assertThat(chromium.evaluate("document.querySelectorAll('.djs-element.hx-taken').length").asInt()).isGreaterThan(1);
                assertThat(chromium.evaluate("document.getElementById('stage-panel').hidden").asBoolean()).isTrue();

                JsonNode box = chromium.evaluate("(() => { const r = document.querySelector('[data-element-id=\"StopAndPowerOffNodes\"] .djs-hit')"
                        + ".getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
                chromium.click(box.get("x").asDouble(), box.get("y").asDouble());

                await().atMost(Duration.ofSeconds(5)).until(() -> !chromium.evaluate("document.getElementById('stage-panel').hidden").asBoolean());
                JsonNode nodes = chromium.evaluate("[...document.querySelectorAll('#node-rows tbody tr')].map(tr => tr.dataset.node)");
                List<String> shown = new ArrayList<>();
                nodes.forEach(node -> shown.add(node.asText()));
                assertThat(shown).hasSameElementsAs(lab.nodes().stream().map(LabNode::name).toList());
                chromium.evaluate("document.getElementById('stage-panel').scrollIntoView()");
                chromium.screenshot(SCREENSHOTS.resolve("emergency-run-stage.png"));
                served.add(chromium.evaluate("document.documentElement.outerHTML").asText());
            }
        }

        @Test
        void listsRunsAndShowsThePowerPanel() throws Exception {
            try (HeadlessChromium chromium = HeadlessChromium.open(base)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> chromium.evaluate(
                        "document.querySelectorAll('#runs tbody tr[data-run]').length").asInt() == 2
                        && chromium.evaluate("document.querySelector('#power-body dl') !== null").asBoolean());
                chromium.screenshot(SCREENSHOTS.resolve("runs.png"));

                assertThat(chromium.evaluate("document.querySelector('#power-body [data-key=\"trigger\"]').textContent").asText())
                        .contains("= 38 s");
                served.add(chromium.evaluate("document.documentElement.outerHTML").asText());
            }
        }
    }

    /** Last, so that it also scans what the API and browser tests saw. */
    @Nested
    @Order(3)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Secrets {

        @Test
        void noPageOrResponseHoldsAVaultKeyOrTheBreakGlassOutput() throws Exception {
            for (String path : List.of("/", "/runs/" + emergency.runId(), "/runs/" + startup.runId(), "/static/app.js", "/static/index.html",
                    "/api/status", "/api/runs", "/api/runs?limit=200")) {
                served.add(get(path));
            }
            for (RunRecord run : List.of(emergency, startup)) {
                served.add(get("/api/runs/" + run.runId()));
                served.add(get("/api/runs/" + run.runId() + "/diagram"));
            }
            assertThat(served.stream().anyMatch(body -> body.contains("UnsealVault"))).isTrue();
            List<String> secretsOfTheLab = new ArrayList<>(lab.vault().unsealKeys());
            secretsOfTheLab.add(lab.vault().rootToken());
            secretsOfTheLab.add(LabUps.PASSWORD);
            for (String secret : secretsOfTheLab) {
                assertThat(served).noneMatch(body -> body.contains(secret));
            }
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        served.add(response.body());
        return response.body();
    }

    private String hecate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", lab.configFile().toString()));
        int exit = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), all.toArray(String[]::new));
        assertThat(exit).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private RunRecord awaitEnded(String workflow) {
        return await().atMost(RUN_LIMIT).until(() -> daemon.engine().history().runs(10).stream()
                .filter(run -> run.workflow().equals(workflow) && !run.running()).findFirst().orElse(null), run -> run != null);
    }
}
