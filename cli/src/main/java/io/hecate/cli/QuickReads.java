package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code status} and {@code runs} in the forms an operator types, run without picocli: building its command line for
 * one verb (annotations read through reflection and proxies) takes ~0.12 s, more than the daemon takes to answer the
 * whole read. Taken here are only argument lists picocli reads the same way: the verb, then each of its options at most
 * once, spelled in full, with a value picocli would convert to the same one ({@code --json}, {@code --limit N},
 * {@code -c FILE}, {@code --config FILE}, {@code --config=FILE}, {@code --stacktrace}). Anything else (help, a subcommand,
 * a typo, a repeated option, another spelling, an {@code @file}) goes to picocli, which answers it as it always did.
 * Both ways run the same code ({@link StatusCommand#print}, {@link RunsCommand#print}, {@link ErrorPolicy#report}).
 */
final class QuickReads {

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "status", Set.of("--json", "--config", "--stacktrace"),
            "runs", Set.of("--json", "--config", "--stacktrace", "--limit"));
    private static final Set<String> WITH_VALUE = Set.of("--config", "--limit");
    /** A count that picocli's {@code Integer.decode} and a plain parse read alike (no sign, octal or hex). */
    private static final Pattern COUNT = Pattern.compile("0|[1-9][0-9]{0,8}");

    private QuickReads() {
    }

    /** The read {@code args} ask for, when they are one of the forms above; else empty, for picocli. */
    static Optional<Read> of(String... args) {
        Set<String> known = args.length == 0 ? null : OPTIONS.get(args[0]);
        if (known == null) {
            return Optional.empty();
        }
        Map<String, String> given = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i].equals("-c") ? "--config" : args[i];
            String value = "";
            int equals = name.indexOf('=');
            if (name.startsWith("--") && equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (WITH_VALUE.contains(name) && i + 1 < args.length) {
                value = args[++i];
            }
            boolean wellFormed = WITH_VALUE.contains(name) ? !value.isEmpty() && !value.startsWith("-") && !value.startsWith("@")
                    : value.isEmpty() && !args[i].contains("=");
            if (!known.contains(name) || !wellFormed || given.put(name, value) != null) {
                return Optional.empty();
            }
        }
        String limit = given.getOrDefault("--limit", RunsCommand.DEFAULT_LIMIT);
        if (!COUNT.matcher(limit).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Read(args[0], Path.of(given.getOrDefault("--config", ConfigOption.DEFAULT)),
                given.containsKey("--json"), Integer.parseInt(limit), given.containsKey("--stacktrace")));
    }

    /** One read, as picocli would have set {@link StatusCommand}'s or {@link RunsCommand}'s fields. */
    record Read(String verb, Path config, boolean json, int limit, boolean stacktrace) {

        int run(PrintWriter out, PrintWriter err) {
            try {
                HecateConfig cfg = ConfigOption.load(config);
                return verb.equals("status") ? StatusCommand.print(cfg, json, out) : RunsCommand.print(cfg, json, limit, out);
            } catch (Exception e) {
                return ErrorPolicy.report(e, err, stacktrace);
            }
        }
    }
}
