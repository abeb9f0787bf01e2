package io.hecate.engine.config;

import io.hecate.engine.EditDistance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One YAML mapping being read into a record: every accessor checks the type and range, records a problem naming
 * the key and value when they are wrong (and answers the default, so reading goes on and finds the next one), and
 * marks the key as known so {@link #finish()} can report the rest.
 */
final class Section {

    private final ConfigProblems problems;
    private final String path;
    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();

    Section(ConfigProblems problems, String path, Map<String, Object> values) {
        this.problems = problems;
        this.path = path;
        this.values = values == null ? Map.of() : values;
    }

    String key(String name) {
        if (name.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? name : path + "." + name;
    }

    private Object raw(String name) {
        read.add(name);
        return values.get(name);
    }

    String string(String name, String fallback) {
        Object value = raw(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return problem(name, "must be a string", value, fallback);
    }

    String choice(String name, String fallback, Set<String> allowed) {
        String value = string(name, fallback);
        if (!allowed.contains(value)) {
            return problem(name, "must be one of " + String.join("|", allowed), value, fallback);
        }
        return value;
    }

    Path path(String name, String fallback) {
        String value = string(name, fallback);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    int integer(String name, int fallback, int min, int max) {
        Object value = raw(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Integer number)) {
            return problem(name, "must be a whole number", value, fallback);
        }
        if (number < min || number > max) {
            return problem(name, "must be between " + min + " and " + max, value, fallback);
        }
        return number;
    }

    double decimal(String name, double fallback, double min, double max) {
        Object value = raw(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number)) {
            return problem(name, "must be a number", value, fallback);
        }
        double result = number.doubleValue();
        if (!(result >= min && result <= max)) {
            return problem(name, "must be between " + min + " and " + max, value, fallback);
        }
        return result;
    }

    boolean bool(String name, boolean fallback) {
        Object value = raw(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean flag)) {
            return problem(name, "must be true or false", value, fallback);
        }
        return flag;
    }

    List<String> strings(String name, List<String> fallback) {
        Object value = raw(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof List<?> list)) {
            return problem(name, "must be a list", value, fallback);
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String || item instanceof Number) || item.toString().isBlank()) {
                problems.add(key(name) + "[" + i + "]", "must be a non-empty string", item);
            } else {
                result.add(item.toString());
            }
        }
        return List.copyOf(result);
    }

    Map<String, String> stringMap(String name) {
        Object value = raw(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            return problem(name, "must be a mapping", value, Map.of());
        }
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!(v instanceof String || v instanceof Number)) {
                problems.add(key(name) + "." + k, "must be a string", v);
            } else {
                result.put(String.valueOf(k), v.toString());
            }
        });
        return Map.copyOf(result);
    }

    Section section(String name) {
        Object value = raw(name);
        if (value != null && !(value instanceof Map)) {
            problems.add(key(name), "must be a mapping", value);
            value = null;
        }
        return new Section(problems, key(name), asMap(value));
    }

    List<Section> sections(String name) {
        Object value = raw(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            return problem(name, "must be a list", value, List.of());
        }
        List<Section> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof Map)) {
                problems.add(key(name) + "[" + i + "]", "must be a mapping", item);
            } else {
                result.add(new Section(problems, key(name) + "[" + i + "]", asMap(item)));
            }
        }
        return result;
    }

    /** Records that {@code name} is wrong; reading goes on. */
    void problem(String name, String problem, Object value) {
        problems.add(key(name), problem, value);
    }

    /** The keys of this mapping, for a mapping keyed by names (e.g. node names); each counts as read. */
    List<String> keys() {
        List<String> keys = values.keySet().stream().map(String::valueOf).toList();
        read.addAll(keys);
        return keys;
    }

    private <T> T problem(String name, String problem, Object value, T fallback) {
        problem(name, problem, value);
        return fallback;
    }

    /** Reports keys nobody read: a typo must not silently fall back to a default. */
    void finish() {
        for (Object key : values.keySet()) {
            String name = String.valueOf(key);
            if (!read.contains(name)) {
                String hint = LegacyKeys.hintFor(name);
                problems.addUnknownKey(key(name), hint != null ? hint : closest(name));
            }
        }
    }

    /** "did you mean ups.runtime_safety_factor?" for a key one or two typos away from a known one. */
    private String closest(String name) {
        return read.stream().filter(known -> !values.containsKey(known) && EditDistance.between(known, name) <= 2).findFirst()
                .map(known -> "did you mean " + key(known) + "?").orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
