package io.hecate.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one recorded action or warning into readable lines: a command's multi-line output stays indented under
 * its entry, a long list joined by "; " gets a line per item, and no line runs on past {@link #WIDTH} characters.
 */
final class ActionLines {

    static final int WIDTH = 160;

    private ActionLines() {
    }

    static List<String> of(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.strip().split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.length() > WIDTH && line.contains("; ")) {
                for (String part : line.split("; ")) {
                    lines.add(clip(part.strip()));
                }
            } else {
                lines.add(clip(line.stripTrailing()));
            }
        }
        return lines.isEmpty() ? List.of("") : lines;
    }

    private static String clip(String line) {
        return line.length() <= WIDTH ? line : line.substring(0, WIDTH - 1) + "…";
    }
}
