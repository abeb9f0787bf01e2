package io.hecate.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One YAML mapping being read into a record: every accessor checks the type and range, names the file,
 * key and value when they are wrong, and marks the key as known so {@link #finish()} can refuse the rest.
 */
final class Section {

    private final String file;
    private final String path;
    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();

    Section(String file, String path, Map<String, Object> values) {
        this.file = file;
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
        throw ConfigException.at(file, key(name), "must be a string", value);
    }

    String choice(String name, String fallback, Set<String> allowed) {
        String value = string(name, fallback);
        if (!allowed.contains(value)) {
            throw ConfigException.at(file, key(name), "must be one of " + String.join("|", allowed), value);
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
            throw ConfigException.at(file, key(name), "must be a whole number", value);
        }
        if (number < min || number > max) {
            throw ConfigException.at(file, key(name), "must be between " + min + " and " + max, value);
        }
        return number;
    }

    double decimal(String name, double fallback, double min, double max) {
        Object value = raw(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number)) {
            throw ConfigException.at(file, key(name), "must be a number", value);
        }
        double result = number.doubleValue();
        if (!(result >= min && result <= max)) {
            throw ConfigException.at(file, key(name), "must be between " + min + " and " + max, value);
        }
        return result;
    }

    boolean bool(String name, boolean fallback) {
        Object value = raw(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean flag)) {
            throw ConfigException.at(file, key(name), "must be true or false", value);
        }
        return flag;
    }

    List<String> strings(String name, List<String> fallback) {
        Object value = raw(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof List<?> list)) {
            throw ConfigException.at(file, key(name), "must be a list", value);
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String || item instanceof Number) || item.toString().isBlank()) {
                throw ConfigException.at(file, key(name) + "[" + i + "]", "must be a non-empty string", item);
            }
            result.add(item.toString());
        }
        return List.copyOf(result);
    }

    Map<String, String> stringMap(String name) {
        Object value = raw(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw ConfigException.at(file, key(name), "must be a mapping", value);
        }
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!(v instanceof String || v instanceof Number)) {
                throw ConfigException.at(file, key(name) + "." + k, "must be a string", v);
            }
            result.put(String.valueOf(k), v.toString());
        });
        return Map.copyOf(result);
    }

    Section section(String name) {
        Object value = raw(name);
        if (value != null && !(value instanceof Map)) {
            throw ConfigException.at(file, key(name), "must be a mapping", value);
        }
        return new Section(file, key(name), asMap(value));
    }

    List<Section> sections(String name) {
        Object value = raw(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw ConfigException.at(file, key(name), "must be a list", value);
        }
        List<Section> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof Map)) {
                throw ConfigException.at(file, key(name) + "[" + i + "]", "must be a mapping", item);
            }
            result.add(new Section(file, key(name) + "[" + i + "]", asMap(item)));
        }
        return result;
    }

    /** The keys of this mapping, for a mapping keyed by names (e.g. node names); each counts as read. */
    List<String> keys() {
        List<String> keys = values.keySet().stream().map(String::valueOf).toList();
        read.addAll(keys);
        return keys;
    }

    ConfigException error(String name, String problem, Object value) {
        return ConfigException.at(file, key(name), problem, value);
    }

    /** Refuses keys nobody read: a typo must not silently fall back to a default. */
    void finish() {
        for (Object key : values.keySet()) {
            String name = String.valueOf(key);
            if (!read.contains(name)) {
                String hint = LegacyKeys.hintFor(name);
                throw new ConfigException(file + ": unknown key " + key(name) + (hint == null ? "" : "; " + hint));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
