package io.hecate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.hecate.engine.config.HecateConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Watch the UPS and run the emergency shutdown when the battery will not last.",
            "Runs in the foreground, as systemd starts it. Also finishes an emergency shutdown whose process died, serves",
            "Prometheus metrics on metrics.listen and the run viewer on ui.listen. SIGTERM stops it cleanly."})
final class DaemonCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        HecateConfig cfg = config.load();
        logDecisions();
        CountDownLatch stop = new CountDownLatch(1);
        // Handling TERM and INT ourselves keeps the JVM from starting its shutdown hooks, among them H2's,
        // which would close the database under a running job; the engine is closed in order first.
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        PrintWriter out = spec.commandLine().getOut();
        try (Daemon daemon = Daemon.start(cfg, Clock.systemUTC())) {
            out.printf("hecate daemon: %s (%s), UPS %s, metrics on port %d, run viewer on %s; SIGTERM stops it%n", cfg.clusterName(),
                    cfg.coordination().role(), cfg.ups().target(), daemon.metricsPort(), daemon.viewer().address());
            out.flush();
            stop.await();
            out.println("hecate daemon: stopping");
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** The daemon's log is its record: decisions and trigger paths at INFO, unless the operator chose a level. */
    private static void logDecisions() {
        if (System.getenv(HecateLogging.LEVEL_VARIABLE) == null) {
            ((Logger) LoggerFactory.getLogger("io.hecate")).setLevel(Level.INFO);
        }
    }
}
