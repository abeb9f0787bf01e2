package io.hecate.engine.metrics;

import io.hecate.engine.intent.IntentState;
import io.hecate.engine.power.Decision;
import io.hecate.engine.power.RestoreState;
import io.hecate.engine.power.UpsSample;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hecate's Prometheus metrics on {@code metrics.listen}, path {@code /metrics}. Each instance has its own
 * registry, so tests and several instances in one JVM do not clash. Unknown values (no runtime reading, NUT
 * unreachable) are exported as NaN, and the UPS status flags are dropped while NUT gives no data, so a
 * dashboard never shows stale data as current.
 */
public final class HecateMetrics implements AutoCloseable {

    /** Every metric name as PromQL sees it; the Grafana dashboard uses these. */
    public static final List<String> METRIC_NAMES = List.of(
            "hecate_ups_status",
            "hecate_ups_battery_charge_percent",
            "hecate_ups_runtime_seconds",
            "hecate_ups_load_percent",
            "hecate_nut_reachable",
            "hecate_nut_alarm",
            "hecate_trigger_threshold_seconds",
            "hecate_shutdown_budget_seconds",
            "hecate_debounce_polls",
            "hecate_trigger_latched",
            "hecate_intent_state",
            "hecate_runs_total",
            "hecate_last_run_duration_seconds",
            "hecate_stage_duration_seconds",
            "hecate_role",
            "hecate_restore_state",
            "hecate_restore_duration_seconds");

    /** Always exported once NUT answers, so the dashboard has OL/OB/LB/FSD series from the first poll. */
    private static final List<String> KEY_FLAGS = List.of(
            UpsSample.ON_LINE, UpsSample.ON_BATTERY, UpsSample.LOW_BATTERY, UpsSample.FORCED_SHUTDOWN);
    private static final List<String> ROLES = List.of("coordinator", "peer");
    private static final List<String> RESTORE_STATES = Arrays.stream(RestoreState.values()).map(RestoreState::wire).toList();
    private static final List<String> INTENT_STATES = Arrays.stream(IntentState.values()).map(IntentState::wire).toList();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge upsStatus = gauge("hecate_ups_status", "UPS status flag present (1) or not (0)", "flag");
    private final Gauge charge = gauge("hecate_ups_battery_charge_percent", "UPS battery charge");
    private final Gauge runtime = gauge("hecate_ups_runtime_seconds", "UPS estimated runtime on battery");
    private final Gauge load = gauge("hecate_ups_load_percent", "UPS load");
    private final Gauge nutReachable = gauge("hecate_nut_reachable", "NUT gave usable data in the last poll");
    private final Gauge nutAlarm = gauge("hecate_nut_alarm", "NUT data lost or stale: neither mains nor an outage");
    private final Gauge threshold = gauge("hecate_trigger_threshold_seconds",
            "Runtime at or below which an on-battery poll counts toward the trigger");
    private final Gauge budget = gauge("hecate_shutdown_budget_seconds",
            "Emergency shutdown budget the threshold is based on", "source");
    private final Gauge debouncePolls = gauge("hecate_debounce_polls",
            "Consecutive on-battery polls at or below the threshold so far");
    private final Gauge latched = gauge("hecate_trigger_latched",
            "Emergency shutdown triggered, waiting for mains to return");
    private final Gauge intent = gauge("hecate_intent_state", "Current intent (one-hot)", "state");
    private final Counter runs = Counter.builder()
            .name("hecate_runs_total")
            .help("Finished workflow runs")
            .labelNames("workflow", "outcome")
            .register(registry);
    private final Gauge lastRunDuration = gauge("hecate_last_run_duration_seconds",
            "Wall time of the last finished run", "workflow");
    private final Gauge stageDuration = gauge("hecate_stage_duration_seconds",
            "Wall time of the stage in its last run", "workflow", "stage");
    private final Gauge stateDirFree = gauge("hecate_state_dir_free_bytes",
            "Space left to Hecate on the state dir's file system (-1: unknown); below 16 MiB runs go unrecorded");
    private final Gauge role = gauge("hecate_role", "This instance's coordination role (one-hot)", "role");
    private final Gauge restoreState = gauge("hecate_restore_state",
            "Power restore after a power-triggered shutdown (one-hot): idle, waiting_for_mains, waiting_for_charge,"
                    + " powering_on, starting", "state");
    private final Gauge restoreDuration = gauge("hecate_restore_duration_seconds",
            "Time from mains return to cluster normal in the last power restore");
    private final Set<String> flagsSeen = new TreeSet<>(KEY_FLAGS);
    private HTTPServer server;

    /** The restore state exists from the start (idle), so a dashboard shows it before the first outage. */
    public HecateMetrics() {
        restoreState(RestoreState.IDLE.wire());
    }

    /**
     * @param listen {@code ":9560"} (all interfaces) or {@code "host:port"}; port 0 picks a free one
     * @return the port served on
     */
    public synchronized int serve(String listen) {
        if (server != null) {
            throw new IllegalStateException("metrics already served on port " + server.getPort());
        }
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("metrics.listen must be [host]:port, got \"" + listen + "\"");
        }
        String host = listen.substring(0, colon).replaceAll("^\\[|]$", "");
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metrics.listen must be [host]:port, got \"" + listen + "\"", e);
        }
        HTTPServer.Builder builder = HTTPServer.builder().registry(registry).port(port).metricsHandlerPath("/metrics");
        if (!host.isEmpty()) {
            builder.hostname(host);
        }
        try {
            server = builder.buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + listen + ": " + e.getMessage(), e);
        }
        return server.getPort();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("metrics are not served");
        }
        return server.getPort();
    }

    /** What {@code /metrics} would answer now, in the Prometheus text format: for tests and diagnostics. */
    public String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** @param budgetSource {@code learned} or {@code config} */
    public synchronized void upsSample(UpsSample sample, Decision decision, Duration budget, String budgetSource) {
        if (sample.reachable()) {
            flagsSeen.addAll(sample.flags());
            flagsSeen.forEach(flag -> upsStatus.labelValues(flag).set(sample.has(flag) ? 1 : 0));
        } else {
            upsStatus.clear();
        }
        runtime.set(value(sample.runtimeSeconds()));
        charge.set(value(sample.chargePercent()));
        load.set(value(sample.loadPercent()));
        nutReachable.set(sample.reachable() ? 1 : 0);
        nutAlarm.set(decision.alarm() ? 1 : 0);
        threshold.set(decision.thresholdSeconds());
        String source = budgetSource.toLowerCase(Locale.ROOT);
        this.budget.labelValues(source).set(seconds(budget));
        this.budget.removeIf(labels -> !labels.get(0).equals(source));
        debouncePolls.set(decision.belowThresholdPolls());
        latched.set(decision.latched() ? 1 : 0);
    }

    /** @param state an intent file state: normal, startup_in_progress, shutting_down, shutdown_complete */
    public void intent(String state) {
        oneHot(intent, INTENT_STATES, state);
    }

    public void stateDirFree(long bytes) {
        stateDirFree.set(bytes);
    }

    /** @param state a {@link RestoreState#wire()} */
    public void restoreState(String state) {
        oneHot(restoreState, RESTORE_STATES, state);
    }

    public void restoreDuration(Duration duration) {
        restoreDuration.set(seconds(duration));
    }

    public void role(String role) {
        oneHot(this.role, ROLES, role);
    }

    public void runFinished(String workflow, String outcome, Duration duration) {
        runs.labelValues(workflow, outcome).inc();
        lastRunDuration.labelValues(workflow).set(seconds(duration));
    }

    public void stageDuration(String workflow, String stage, Duration duration) {
        stageDuration.labelValues(workflow, stage).set(seconds(duration));
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private Gauge gauge(String name, String help, String... labelNames) {
        return Gauge.builder().name(name).help(help).labelNames(labelNames).register(registry);
    }

    /** Known values stay present at 0 so a dashboard can show which one is current; an unknown one goes when left. */
    private synchronized void oneHot(Gauge gauge, List<String> known, String current) {
        gauge.labelValues(current).set(1);
        known.stream().filter(value -> !value.equals(current)).forEach(value -> gauge.labelValues(value).set(0));
        gauge.removeIf(labels -> !labels.get(0).equals(current) && !known.contains(labels.get(0)));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static double value(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : Double.NaN;
    }

    private static double value(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : Double.NaN;
    }
}
