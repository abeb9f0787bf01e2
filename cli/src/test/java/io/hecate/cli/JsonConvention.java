package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one schema every {@code --json} output follows (docs/operations.md, "Output conventions"): snake_case keys,
 * lowercase enum values, durations as numbers of seconds ({@code *_seconds}), timestamps RFC 3339.
 */
final class JsonConvention {

    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern ISO_DURATION = Pattern.compile("-?P(T|\\d).*");
    private static final Set<String> TIMESTAMPS = Set.of("started", "ended", "at", "time");
    private static final Set<String> ENUMS = Set.of("outcome", "state", "mode", "trigger", "source", "budget_source", "role", "workflow");
    /** NUT's own status tokens (OL, OB, LB...), kept verbatim as upsc shows them. */
    private static final String NUT_STATUS = "/ups/status";

    private JsonConvention() {
    }

    static void assertFollows(JsonNode node) {
        check("", node);
    }

    private static void check(String path, JsonNode node) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(path + "/" + i, node.get(i));
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String at = path + "/" + key;
            assertThat(key).as("key at %s is snake_case", at).matches(SNAKE);
            if (value.isTextual()) {
                assertThat(value.asText()).as("%s is no ISO-8601 duration (durations are *_seconds numbers)", at).doesNotMatch(ISO_DURATION);
            }
            if (key.endsWith("_seconds") || key.endsWith("_percent")) {
                assertThat(value.isNumber() || value.isNull()).as("%s is a number, got %s", at, value).isTrue();
            }
            if (TIMESTAMPS.contains(key) && !value.isNull()) {
                assertThat(value.isTextual()).as("%s is an RFC 3339 timestamp, got %s", at, value).isTrue();
                OffsetDateTime.parse(value.asText());
            }
            if (ENUMS.contains(key) && value.isTextual()) {
                assertThat(value.asText()).as("%s is lowercase", at).isEqualTo(value.asText().toLowerCase(java.util.Locale.ROOT));
            }
            if (!at.equals(NUT_STATUS)) {
                check(at, value);
            }
        }
    }
}
