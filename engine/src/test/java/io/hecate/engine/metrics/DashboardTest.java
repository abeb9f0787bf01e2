package io.hecate.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dashboards/hecate-power.json queries only what HecateMetrics exports, and shows all of it. */
class DashboardTest {

    static final Path DASHBOARD = Path.of("../dashboards/hecate-power.json");
    static final Pattern METRIC = Pattern.compile("hecate_[a-z_]+");
    /** Series a histogram or summary adds to its family name, as the Prometheus exporter writes them. */
    static final List<String> SAMPLE_SUFFIXES = List.of("_bucket", "_count", "_sum");

    JsonNode dashboard;

    @BeforeEach
    void load() throws IOException {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    @Test
    void queriesNameOnlyMetricsTheDaemonExports() {
        assertThat(metricsQueried()).isNotEmpty().allSatisfy(name -> assertThat(exported(name))
                .as("%s is not in HecateMetrics.METRIC_NAMES %s", name, HecateMetrics.METRIC_NAMES).isTrue());
    }

    @Test
    void showsEveryExportedMetric() {
        Set<String> families = new TreeSet<>();
        metricsQueried().forEach(name -> families.add(family(name)));

        assertThat(families).containsAll(HecateMetrics.METRIC_NAMES);
    }

    @Test
    void everyPanelQueriesThePrometheusDatasourceVariable() {
        JsonNode datasource = variable("datasource");
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        for (JsonNode panel : panels()) {
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            panel.path("targets").forEach(target -> assertThat(target.path("expr").asText()).as(title).contains("hecate_"));
        }
    }

    @Test
    void panelsHaveUniqueIdsAndDoNotOverlap() {
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("duplicate panel id %s", panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            int[] box = {grid.path("x").asInt(), grid.path("y").asInt(), grid.path("w").asInt(), grid.path("h").asInt()};
            assertThat(box[0] + box[2]).as(panel.path("title").asText()).isLessThanOrEqualTo(24);
            for (int[] other : boxes) {
                boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                        && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                assertThat(overlap).as("%s overlaps another panel", panel.path("title").asText()).isFalse();
            }
            boxes.add(box);
        }
    }

    /** Every hecate_* name in a panel expression or a template variable query. */
    Set<String> metricsQueried() {
        List<String> expressions = new ArrayList<>(dashboard.findValuesAsText("expr"));
        dashboard.path("templating").path("list").forEach(variable -> {
            JsonNode query = variable.path("query");
            expressions.add(query.isObject() ? query.path("query").asText() : query.asText());
        });
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    static boolean exported(String name) {
        return HecateMetrics.METRIC_NAMES.contains(family(name));
    }

    static String family(String name) {
        if (HecateMetrics.METRIC_NAMES.contains(name)) {
            return name;
        }
        for (String suffix : SAMPLE_SUFFIXES) {
            if (name.endsWith(suffix) && HecateMetrics.METRIC_NAMES.contains(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        // a counter listed without _total is scraped with it
        if (name.endsWith("_total") && HecateMetrics.METRIC_NAMES.contains(name.substring(0, name.length() - "_total".length()))) {
            return name.substring(0, name.length() - "_total".length());
        }
        return name;
    }

    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            if (!panel.path("type").asText().equals("row")) {
                panels.add(panel);
            }
        });
        return panels;
    }

    JsonNode variable(String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no template variable " + name);
    }
}
