package io.hecate.cli.ui;

import io.hecate.engine.history.RunFilter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The runs list's query string: {@code workflow}, {@code outcome}, {@code trigger} filters, {@code offset} and {@code limit}. */
record Query(RunFilter filter, int offset, int limit) {

    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 200;

    static Query parse(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && eq < pair.length() - 1) {
                    params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        RunFilter filter = new RunFilter(params.get("workflow"), params.get("outcome"), params.get("trigger"));
        return new Query(filter, number(params.get("offset"), 0, Integer.MAX_VALUE),
                number(params.get("limit"), DEFAULT_LIMIT, MAX_LIMIT));
    }

    /** A missing or unreadable number takes the default; a number out of range is clamped: this is a viewer, not a contract. */
    private static int number(String text, int fallback, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            return Math.max(0, Math.min(max, Integer.parseInt(text)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
