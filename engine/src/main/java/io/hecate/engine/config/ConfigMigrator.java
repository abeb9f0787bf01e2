package io.hecate.engine.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the original service's legacy defaults in place, line by line, so comments, order and every
 * other byte of the file stay as they were:
 * <ul>
 *   <li>{@code default_budget_seconds: N} becomes {@code shutdown.estimated_shutdown_budget_seconds: N};</li>
 *   <li>{@code runtime_safety_factor: 1.10} (the legacy default) becomes {@code ups.runtime_safety_factor: 1.25};
 *       any other value was an operator's choice and is kept;</li>
 *   <li>a legacy key at the top level moves into its section (created at the end when missing).</li>
 * </ul>
 */
public final class ConfigMigrator {

    private static final Pattern KEY_LINE = Pattern.compile("^(\\s*)([A-Za-z_]+)(\\s*:\\s*)([^#\\s]+)(.*)$");

    public record Result(List<String> changes, String text) {
        public boolean changed() {
            return !changes.isEmpty();
        }
    }

    private ConfigMigrator() {
    }

    /** Migrates the file in place (atomically) and returns what changed; an unchanged file is not touched. */
    public static Result migrateFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        Result result = migrate(text);
        if (result.changed()) {
            ConfigLoader.parse(file, result.text());
            try {
                Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".hecate-migrate", ".yaml");
                try {
                    // the temp file is created 0600; the config must stay readable by whoever could read it before
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
                    Files.writeString(temp, result.text());
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException e) {
                throw new ConfigException(file + ": cannot write the migrated file (" + e.getMessage() + ")", e);
            }
        }
        return result;
    }

    public static Result migrate(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        List<String> changes = new ArrayList<>();
        List<String[]> toMove = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = KEY_LINE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String key = m.group(2);
            String value = m.group(4);
            String newKey;
            String newValue;
            String section;
            if (LegacyKeys.DEFAULT_BUDGET.equals(key)) {
                newKey = "estimated_shutdown_budget_seconds";
                newValue = value;
                section = "shutdown";
            } else if (LegacyKeys.SAFETY_FACTOR.equals(key)) {
                newKey = key;
                newValue = isLegacyFactor(value) ? LegacyKeys.SAFETY_FACTOR_DEFAULT : value;
                section = "ups";
            } else {
                continue;
            }
            boolean topLevel = m.group(1).isEmpty();
            if (!topLevel && newKey.equals(key) && newValue.equals(value)) {
                continue;
            }
            String rewritten = newKey + m.group(3) + newValue + m.group(5);
            changes.add((topLevel ? key : sectionOf(lines, i) + "." + key) + ": " + value + " -> " + section + "." + newKey + ": " + newValue);
            if (topLevel) {
                toMove.add(new String[] {section, rewritten});
                lines.remove(i--);
            } else {
                lines.set(i, m.group(1) + rewritten);
            }
        }
        for (String[] move : toMove) {
            insertIntoSection(lines, move[0], move[1]);
        }
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        String joined = String.join(newline, lines);
        if (text.endsWith("\n")) {
            joined += newline;
        }
        return new Result(List.copyOf(changes), changes.isEmpty() ? text : joined);
    }

    private static boolean isLegacyFactor(String value) {
        try {
            return Double.parseDouble(value) == Double.parseDouble(LegacyKeys.LEGACY_SAFETY_FACTOR);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String sectionOf(List<String> lines, int index) {
        for (int i = index - 1; i >= 0; i--) {
            Matcher header = Pattern.compile("^([A-Za-z_]+)\\s*:\\s*(#.*)?$").matcher(lines.get(i));
            if (header.matches()) {
                return header.group(1);
            }
        }
        return "";
    }

    /** The section's own indentation, so a moved key lines up with its siblings (YAML refuses a mismatch). */
    private static String indentOfFirstKey(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                String indent = line.substring(0, line.length() - line.stripLeading().length());
                return indent.isEmpty() ? "  " : indent;
            }
        }
        return "  ";
    }

    private static void insertIntoSection(List<String> lines, String section, String entry) {
        Pattern header = Pattern.compile("^" + section + "\\s*:\\s*(#.*)?$");
        for (int i = 0; i < lines.size(); i++) {
            if (header.matcher(lines.get(i)).matches()) {
                lines.add(i + 1, indentOfFirstKey(lines, i + 1) + entry);
                return;
            }
        }
        lines.add(section + ":");
        lines.add("  " + entry);
    }
}
