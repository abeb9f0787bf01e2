package io.hecate.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hecate.engine.power.Decision;
import io.hecate.engine.power.PolicySettings;
import io.hecate.engine.power.TriggerPolicy;
import io.hecate.engine.power.UpsSample;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HecateMetricsIT {

    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    static final Duration BUDGET = Duration.ofSeconds(240);

    final HecateMetrics metrics = new HecateMetrics();
    final TriggerPolicy policy = new TriggerPolicy(new PolicySettings(
            1.25, 3, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300)));

    @BeforeEach
    void serve() {
        metrics.serve("127.0.0.1:0");
    }

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void exportsEveryMetricOverHttp() throws Exception {
        UpsSample sample = new UpsSample(NOW, true, Set.of("OB", "DISCHRG"), OptionalLong.of(1234), null,
                OptionalDouble.of(87.5), OptionalDouble.of(31));
        metrics.upsSample(sample, policy.decide(sample, BUDGET), BUDGET, "learned");
        metrics.intent("normal");
        metrics.role("coordinator");
        metrics.runFinished("hecate-emergency-shutdown", "succeeded", Duration.ofMillis(61_500));
        metrics.stageDuration("hecate-emergency-shutdown", "StopAgents", Duration.ofSeconds(12));

        Map<String, Double> scraped = scrape();

        assertThat(scraped.keySet().stream().map(HecateMetricsIT::name)).containsAll(HecateMetrics.METRIC_NAMES);
        assertThat(scraped).containsEntry("hecate_ups_runtime_seconds", 1234.0)
                .containsEntry("hecate_ups_battery_charge_percent", 87.5)
                .containsEntry("hecate_ups_load_percent", 31.0)
                .containsEntry("hecate_ups_status{flag=\"OB\"}", 1.0)
                .containsEntry("hecate_ups_status{flag=\"OL\"}", 0.0)
                .containsEntry("hecate_ups_status{flag=\"DISCHRG\"}", 1.0)
                .containsEntry("hecate_nut_reachable", 1.0)
                .containsEntry("hecate_nut_alarm", 0.0)
                .containsEntry("hecate_trigger_threshold_seconds", 300.0)
                .containsEntry("hecate_shutdown_budget_seconds{source=\"learned\"}", 240.0)
                .containsEntry("hecate_debounce_polls", 0.0)
                .containsEntry("hecate_trigger_latched", 0.0)
                .containsEntry("hecate_intent_state{state=\"normal\"}", 1.0)
                .containsEntry("hecate_intent_state{state=\"shutting_down\"}", 0.0)
                .containsEntry("hecate_role{role=\"coordinator\"}", 1.0)
                .containsEntry("hecate_role{role=\"peer\"}", 0.0)
                .containsEntry("hecate_runs_total{outcome=\"succeeded\",workflow=\"hecate-emergency-shutdown\"}", 1.0)
                .containsEntry("hecate_last_run_duration_seconds{workflow=\"hecate-emergency-shutdown\"}", 61.5)
                .containsEntry("hecate_stage_duration_seconds{stage=\"StopAgents\",workflow=\"hecate-emergency-shutdown\"}", 12.0);
    }

    @Test
    void lostNutDataShowsAlarmAndNoStaleUpsValues() throws Exception {
        UpsSample onBattery = new UpsSample(NOW, true, Set.of("OB"), OptionalLong.of(200), null);
        metrics.upsSample(onBattery, policy.decide(onBattery, BUDGET), BUDGET, "config");
        UpsSample lost = UpsSample.unreachable(NOW.plusSeconds(5), "connection refused");
        metrics.upsSample(lost, policy.decide(lost, BUDGET), BUDGET, "config");

        Map<String, Double> scraped = scrape();

        assertThat(scraped).containsEntry("hecate_nut_reachable", 0.0)
                .containsEntry("hecate_nut_alarm", 1.0)
                .containsEntry("hecate_debounce_polls", 1.0)
                .containsEntry("hecate_shutdown_budget_seconds{source=\"config\"}", 240.0);
        assertThat(scraped.get("hecate_ups_runtime_seconds")).isNaN();
        assertThat(scraped.keySet()).noneMatch(key -> key.startsWith("hecate_ups_status"));
    }

    @Test
    void budgetSourceAndIntentReplaceTheirPreviousSeries() throws Exception {
        UpsSample sample = new UpsSample(NOW, true, Set.of("OL"), OptionalLong.of(3000), null);
        Decision decision = policy.decide(sample, BUDGET);
        metrics.upsSample(sample, decision, BUDGET, "config");
        metrics.upsSample(sample, decision, Duration.ofSeconds(180), "learned");
        metrics.intent("normal");
        metrics.intent("shutting_down");

        Map<String, Double> scraped = scrape();

        assertThat(scraped).containsEntry("hecate_shutdown_budget_seconds{source=\"learned\"}", 180.0)
                .doesNotContainKey("hecate_shutdown_budget_seconds{source=\"config\"}")
                .containsEntry("hecate_intent_state{state=\"normal\"}", 0.0)
                .containsEntry("hecate_intent_state{state=\"shutting_down\"}", 1.0);
    }

    @Test
    void instancesDoNotShareARegistry() throws Exception {
        try (HecateMetrics other = new HecateMetrics()) {
            other.runFinished("hecate-shutdown", "failed", Duration.ofSeconds(1));
            other.serve("127.0.0.1:0");

            assertThat(scrape()).doesNotContainKey("hecate_runs_total{outcome=\"failed\",workflow=\"hecate-shutdown\"}");
        }
    }

    @Test
    void refusesAPortInUse() {
        try (HecateMetrics other = new HecateMetrics()) {
            assertThatThrownBy(() -> other.serve("127.0.0.1:" + metrics.port()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + metrics.port());
        }
    }

    @Test
    void listenWithoutHostServesOnAllInterfaces() throws Exception {
        try (HecateMetrics other = new HecateMetrics()) {
            other.serve(":0");

            HttpResponse<String> response = get(other.port());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("hecate_nut_alarm");
        }
    }

    @Test
    void rejectsListenWithoutPort() {
        try (HecateMetrics other = new HecateMetrics()) {
            assertThatThrownBy(() -> other.serve("localhost"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("metrics.listen", "\"localhost\"");
        }
    }

    /** Sample lines of the text exposition format as {@code name{labels}} -> value. */
    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> response = get(metrics.port());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new LinkedHashMap<>();
        response.body().lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> {
                    int space = line.lastIndexOf(' ');
                    samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                });
        return samples;
    }

    private static HttpResponse<String> get(int port) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String name(String sample) {
        int brace = sample.indexOf('{');
        return brace < 0 ? sample : sample.substring(0, brace);
    }
}
