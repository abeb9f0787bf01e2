package io.hecate.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every mistake found in one config file, each as {@code file:line: key problem, got value}, so one
 * {@code config check} lists them all instead of stopping at the first.
 */
final class ConfigProblems {

    private final String file;
    private final Map<String, Integer> lines;
    private final List<String> problems = new ArrayList<>();

    ConfigProblems(String file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = lines;
    }

    String file() {
        return file;
    }

    void add(String key, String problem, Object value) {
        problems.add(where(key) + " " + key + " " + problem + ", got " + ConfigException.render(value));
    }

    void addUnknownKey(String key, String hint) {
        problems.add(where(key) + " unknown key " + key + "; " + (hint == null ? "remove it or correct its spelling" : hint));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws one exception listing every problem, if there is any. */
    void throwIfAny() {
        if (problems.size() == 1) {
            throw new ConfigException(problems.get(0), problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(file + ": " + problems.size() + " mistakes:\n  " + String.join("\n  ", problems), problems);
        }
    }

    /** {@code file:line:}, the line of the key itself or of the nearest enclosing key the file has. */
    private String where(String key) {
        for (String k = key; !k.isEmpty(); k = parent(k)) {
            Integer line = lines.get(k);
            if (line != null) {
                return file + ":" + line + ":";
            }
        }
        return file + ":";
    }

    private static String parent(String key) {
        int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
        return cut < 0 ? "" : key.substring(0, cut);
    }
}
