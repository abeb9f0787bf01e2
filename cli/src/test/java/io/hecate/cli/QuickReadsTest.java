package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QuickReadsTest {

    private static final List<List<String>> TAKEN = List.of(
            List.of("status"),
            List.of("status", "--json"),
            List.of("status", "-c", "/tmp/a.yaml"),
            List.of("status", "--config", "/tmp/a b.yaml", "--json"),
            List.of("status", "--json", "--config=/tmp/x=y.yaml", "--stacktrace"),
            List.of("runs"),
            List.of("runs", "--limit", "5"),
            List.of("runs", "--limit=0", "--json", "-c", "h.yaml"),
            List.of("runs", "--stacktrace", "--limit", "999999999"),
            List.of("runs", "show", "20261202-183625-fbd7"),
            List.of("runs", "show", "--json", "r1", "-c", "h.yaml"),
            List.of("runs", "show", "--config=h.yaml", "--stacktrace", "r1"));

    private static final List<List<String>> LEFT_TO_PICOCLI = List.of(
            List.of(),
            List.of("shutdown"),
            List.of("status", "--help"),
            List.of("status", "-h"),
            List.of("status", "-V"),
            List.of("status", "--json", "--json"),
            List.of("status", "-c", "a.yaml", "--config", "b.yaml"),
            List.of("status", "--config"),
            List.of("status", "--config="),
            List.of("status", "--config", "--json"),
            List.of("status", "-ca.yaml"),
            List.of("status", "-c=a.yaml"),
            List.of("status", "--json=true"),
            List.of("status", "--limit", "5"),
            List.of("status", "@args.txt"),
            List.of("status", "--config", "@args.txt"),
            List.of("status", "extra"),
            List.of("status", "--"),
            List.of("runs", "show"),
            List.of("runs", "show", "a", "b"),
            List.of("runs", "show", "a", "--limit", "5"),
            List.of("runs", "show", "@ids.txt"),
            List.of("runs", "show", "--help"),
            List.of("runs", "--json", "show", "a"),
            List.of("runs", "resume", "abc"),
            List.of("runs", "abort", "abc"),
            List.of("runs", "--limit", "010"),
            List.of("runs", "--limit", "0x10"),
            List.of("runs", "--limit", "-1"),
            List.of("runs", "--limit", "+5"),
            List.of("runs", "--limit", "9999999999"),
            List.of("runs", "--limit"),
            List.of("--stacktrace", "status"),
            List.of("Status"));

    @Test
    void takesAFormExactlyAsPicocliReadsIt() {
        for (List<String> args : TAKEN) {
            QuickReads.Read read = QuickReads.of(args.toArray(String[]::new)).orElseThrow(() -> new AssertionError(args));
            CommandLine.ParseResult picocli = VerbRoot.of(args.get(0)).orElseThrow().parseArgs(args.toArray(String[]::new));
            boolean stacktrace = false;
            CommandLine.ParseResult command = picocli;
            for (CommandLine.ParseResult level = picocli; level != null; level = level.subcommand()) {
                stacktrace |= level.hasMatchedOption("--stacktrace");
                command = level;
            }
            assertThat(read.command()).isEqualTo(command.commandSpec().qualifiedName(" ").substring("hecate ".length()));
            assertThat(read.stacktrace()).as("%s", args).isEqualTo(stacktrace);
            Object fields = command.commandSpec().userObject();
            if (fields instanceof StatusCommand status) {
                assertThat(read.config()).as("%s", args).isEqualTo(status.config.file);
                assertThat(read.json()).as("%s", args).isEqualTo(status.json);
            } else if (fields instanceof RunsCommand runs) {
                assertThat(read.config()).as("%s", args).isEqualTo(runs.config.file);
                assertThat(read.json()).as("%s", args).isEqualTo(runs.json);
                assertThat(read.limit()).as("%s", args).isEqualTo(runs.limit);
            } else {
                RunsCommand.Show show = (RunsCommand.Show) fields;
                assertThat(read.config()).as("%s", args).isEqualTo(show.config.file);
                assertThat(read.json()).as("%s", args).isEqualTo(show.json);
                assertThat(read.runId()).as("%s", args).isEqualTo(show.runId);
            }
        }
    }

    @Test
    void leavesEveryOtherFormToPicocli() {
        for (List<String> args : LEFT_TO_PICOCLI) {
            assertThat(QuickReads.of(args.toArray(String[]::new))).as("%s", args).isEmpty();
        }
    }

    @Test
    void reportsAnErrorAsPicocliDoes(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");
        // the same missing config, through QuickReads and through picocli (-cFILE is a spelling QuickReads leaves to it)
        CliRun quick = CliRun.of("status", "--config", missing.toString());
        CliRun picocli = CliRun.of("status", "-c" + missing);

        assertThat(quick).isEqualTo(picocli);
        assertThat(quick.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(quick.err()).startsWith("hecate: error: " + missing + ": no such file; pass --config FILE");
        assertThat(CliRun.of("runs", "--stacktrace", "-c", missing.toString()).err()).contains("at io.hecate.cli.ConfigOption.load");
        assertThat(CliRun.of("runs", "show", "r1", "--config", missing.toString())).isEqualTo(picocli);
    }
}
