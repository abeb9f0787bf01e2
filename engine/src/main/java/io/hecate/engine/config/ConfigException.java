package io.hecate.engine.config;

import java.util.List;

/** Bad configuration: the message names the file, the key and the value. Maps to exit code 2. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    ConfigException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Each mistake on its own, {@code file:line: key problem, got value}. */
    public List<String> problems() {
        return problems;
    }

    static String render(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof byte[] bytes) {
            return "binary data (!!binary, " + bytes.length + " bytes)";
        }
        String text = value instanceof String string ? '"' + string + '"' : String.valueOf(value);
        return text.length() <= 100 ? text : text.substring(0, 99) + "…";
    }
}
