package io.hecate.engine.config;

/** Bad configuration: the message names the file, the key and the value. Maps to exit code 2. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    static ConfigException at(String file, String key, String problem, Object value) {
        return new ConfigException(file + ": " + key + " " + problem + ", got " + render(value));
    }

    static String render(Object value) {
        if (value == null) {
            return "nothing";
        }
        return value instanceof String text ? '"' + text + '"' : String.valueOf(value);
    }
}
