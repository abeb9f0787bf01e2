package io.hecate.cli;

import io.hecate.drills.drill.Drill;
import io.hecate.drills.drill.DrillFailure;
import io.hecate.drills.drill.DrillTarget;
import io.hecate.drills.drill.Drills;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Disruptive drills: break one thing, let Hecate recover, fail loudly when it did not.",
        subcommands = {DrillCommand.List.class, DrillCommand.Run.class})
final class DrillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw ParentCommand.missingCommand(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The drills, what each breaks and what it verifies.")
    static final class List implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (Drill drill : Drills.all()) {
                out.println(drill.name());
                out.println("  breaks:   " + drill.breaks());
                out.println("  verifies: " + drill.verifies());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a drill against a new lab: shut down, break, start up, verify.",
                "The lab's temp dir is removed after a passing drill and kept (and named) after a failing one.",
                "With --live --execute --config F: break nothing on the real cluster (refused) and run the same",
                "read-only checks against its latest startup run and its state now."})
    static final class Run implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "A drill from 'hecate drill list'.")
        String name;

        @Option(names = "--live", description = "Against the real cluster (needs --execute and --config).")
        boolean live;

        @Option(names = "--execute", description = "Confirms a live drill.")
        boolean execute;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The live cluster's config (with --live).")
        Path config;

        @Spec
        CommandSpec spec;

        private final Function<String, Optional<Drill>> drills;

        Run() {
            this(Drills::named);
        }

        /** Tests hand in their own drill to see what becomes of the lab's directory. */
        Run(Function<String, Optional<Drill>> drills) {
            this.drills = drills;
        }

        @Override
        public Integer call() throws Exception {
            Drill drill = drills.apply(name).orElseThrow(() -> new BadInputException("no drill " + name
                    + "; 'hecate drill list' shows them"));
            DrillTarget target;
            if (live) {
                try {
                    target = DrillTarget.live(config, execute);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(e.getMessage());
                }
            } else {
                target = DrillTarget.lab(Files.createTempDirectory("hecate-drill"));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("drill %s on %s%n  breaks:   %s%n  verifies: %s%n", drill.name(), target, drill.breaks(), drill.verifies());
            out.flush();
            try {
                drill.run(target, out);
            } catch (DrillFailure e) {
                throw new RunFailedException("drill " + drill.name() + " FAILED: " + e.getMessage() + keptLabDir(target));
            } catch (RuntimeException | InterruptedException e) {
                // a drill that broke rather than failed keeps its lab as well, and the key must not go unmentioned
                if (target.labDir() != null) {
                    spec.commandLine().getErr().println(keptLabDir(target).strip());
                }
                throw e;
            }
            out.printf("drill %s passed: recovery verified%n", drill.name());
            if (target.labDir() != null) {
                LabDirs.delete(target.labDir());
            }
            return ExitCodes.OK;
        }

        /** A failed drill's lab files are evidence; say where they are, since they include the lab's private SSH key. */
        private static String keptLabDir(DrillTarget target) {
            return target.labDir() == null ? ""
                    : "\nhecate: the lab's files (logs, config, its private SSH key) are kept in " + target.labDir()
                    + "; remove them with: rm -r " + target.labDir();
        }
    }
}
