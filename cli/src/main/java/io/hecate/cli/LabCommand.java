package io.hecate.cli;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Run a simulated cluster in the foreground.",
            "Nodes over real SSH, a Kubernetes API, a NUT UPS and Vault. Prints the config to pass to every other",
            "command; Ctrl-C (or kill PID) stops it."})
final class LabCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the lab writes its config, keys and state (default: a new temp dir).")
    Path dir;

    @Option(names = "--control-planes", defaultValue = "3", description = "Control planes (default: ${DEFAULT-VALUE}).")
    int controlPlanes;

    @Option(names = "--workers", defaultValue = "5", description = "Workers (default: ${DEFAULT-VALUE}; at most 200 nodes in all).")
    int workers;

    @Option(names = "--stop-delay-ms", defaultValue = "1500", description = "How long a node takes to stop k3s (default: ${DEFAULT-VALUE}).")
    long stopDelayMillis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path workDir = dir != null ? dir : Files.createTempDirectory("hecate-lab");
        LabSpec labSpec = labSpec(workDir, controlPlanes, workers, Duration.ofMillis(stopDelayMillis));
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        try (Lab lab = Lab.start(labSpec)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            out.printf("lab up: %d control planes, %d workers, UPS %s%n", controlPlanes, workers, lab.ups().target());
            out.printf("config: %s%n", lab.configFile());
            out.printf("try:    bin/hecate shutdown --config %s   (hecate, once installed)%n", lab.configFile());
            out.printf("stop:   Ctrl-C, or kill %d%n", ProcessHandle.current().pid());
            out.flush();
            stopped.await();
        }
        return ExitCodes.OK;
    }

    static LabSpec labSpec(Path workDir, int controlPlanes, int workers, Duration stopDelay) {
        if (controlPlanes < 1 || workers < 1 || controlPlanes + workers > LabSpec.MAX_NODES) {
            throw new BadInputException("--control-planes and --workers must be >= 1 and add up to at most " + LabSpec.MAX_NODES
                    + ", got " + controlPlanes + " + " + workers);
        }
        Duration quick = Duration.ofMillis(300);
        return new LabSpec(controlPlanes, workers, stopDelay, stopDelay, quick, quick, workDir, false);
    }
}
