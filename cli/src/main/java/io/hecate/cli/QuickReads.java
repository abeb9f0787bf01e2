package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code status}, {@code runs} and {@code runs show} in the forms an operator types, run without picocli: building its
 * command line for one verb (annotations read through reflection and proxies) takes ~0.12 s, more than the daemon
 * takes to answer the whole read. Taken here are only argument lists picocli reads the same way: the command, then each
 * of its options at most once, spelled in full, with a value picocli would convert to the same one ({@code --json},
 * {@code --limit N}, {@code -c FILE}, {@code --config FILE}, {@code --config=FILE}, {@code --stacktrace}), and the run of
 * {@code runs show}. Anything else (help, another subcommand, a typo, a repeated option, another spelling, an
 * {@code @file}) goes to picocli, which answers it as it always did. Both ways run the same code
 * ({@link StatusCommand#print}, {@link RunsCommand#print}, {@link RunsCommand.Show#print}, {@link ErrorPolicy#report}).
 */
final class QuickReads {

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "status", Set.of("--json", "--config", "--stacktrace"),
            "runs", Set.of("--json", "--config", "--stacktrace", "--limit"),
            "runs show", Set.of("--json", "--config", "--stacktrace"));
    private static final Set<String> WITH_VALUE = Set.of("--config", "--limit");
    /** A count that picocli's {@code Integer.decode} and a plain parse read alike (no sign, octal or hex). */
    private static final Pattern COUNT = Pattern.compile("0|[1-9][0-9]{0,8}");

    private QuickReads() {
    }

    /** The read {@code args} ask for, when they are one of the forms above; else empty, for picocli. */
    static Optional<Read> of(String... args) {
        int first = args.length > 1 && args[0].equals("runs") && args[1].equals("show") ? 2 : 1;
        String command = String.join(" ", Arrays.asList(args).subList(0, Math.min(first, args.length)));
        Set<String> known = OPTIONS.get(command);
        if (known == null) {
            return Optional.empty();
        }
        Map<String, String> given = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = first; i < args.length; i++) {
            String name = args[i].equals("-c") ? "--config" : args[i];
            String value = "";
            int equals = name.indexOf('=');
            if (name.startsWith("--") && equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (WITH_VALUE.contains(name) && i + 1 < args.length) {
                value = args[++i];
            } else if (!name.startsWith("-") && !name.startsWith("@")) {
                positional.add(name);
                continue;
            }
            boolean wellFormed = WITH_VALUE.contains(name) ? plain(value) : value.isEmpty() && !args[i].contains("=");
            if (!known.contains(name) || !wellFormed || given.put(name, value) != null) {
                return Optional.empty();
            }
        }
        String limit = given.getOrDefault("--limit", RunsCommand.DEFAULT_LIMIT);
        if (positional.size() != (command.equals("runs show") ? 1 : 0) || !COUNT.matcher(limit).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Read(command, Path.of(given.getOrDefault("--config", ConfigOption.DEFAULT)), given.containsKey("--json"),
                Integer.parseInt(limit), positional.isEmpty() ? null : positional.get(0), given.containsKey("--stacktrace")));
    }

    /** A value picocli takes as it is: not empty, no option name, no {@code @file}. */
    private static boolean plain(String value) {
        return !value.isEmpty() && !value.startsWith("-") && !value.startsWith("@");
    }

    /** One read, as picocli would have set the fields of {@link StatusCommand}, {@link RunsCommand} or its {@code show}. */
    record Read(String command, Path config, boolean json, int limit, String runId, boolean stacktrace) {

        int run(PrintWriter out, PrintWriter err) {
            try {
                HecateConfig cfg = ConfigOption.load(config);
                return switch (command) {
                    case "status" -> StatusCommand.print(cfg, json, out);
                    case "runs" -> RunsCommand.print(cfg, json, limit, out);
                    default -> RunsCommand.Show.print(cfg, runId, json, out);
                };
            } catch (Exception e) {
                return ErrorPolicy.report(e, err, stacktrace);
            }
        }
    }
}
