package io.hecate.cli;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabEvent;
import io.hecate.drills.lab.LabSpec;
import io.hecate.engine.FileTrees;
import io.hecate.engine.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The daemon on an 8-node lab, as on a host: once its warm-up is done, the UPS goes on battery (the daemon opens its
 * SSH sessions), then its runtime falls below the threshold; measured from the poll that crosses it to the first
 * command a node receives.
 * Not a test; {@code bench/trigger-latency.sh} runs it. Argument: how many runs (default 5), each on a fresh lab.
 */
final class TriggerLatencyBench {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private TriggerLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Long> millis = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            long ms = measure(i);
            millis.add(ms);
        }
        // a real daemon has one JVM to itself: its first trigger is the first here; the later ones run warmer code
        System.out.printf(Locale.ROOT, "trigger -> first command, ms: first trigger of this JVM (a daemon's case) %d", millis.get(0));
        List<Long> later = new ArrayList<>(millis.subList(1, millis.size()));
        later.sort(Comparator.naturalOrder());
        if (!later.isEmpty()) {
            System.out.printf(Locale.ROOT, "; later ones (min / median / max of %d): %d / %d / %d", later.size(), later.get(0),
                    later.get(later.size() / 2), later.get(later.size() - 1));
        }
        System.out.println();
        System.exit(0);
    }

    private static long measure(int number) throws Exception {
        Path dir = Files.createTempDirectory("hecate-trigger-bench-");
        try (Lab lab = Lab.start(LabSpec.defaults(dir)); Daemon daemon = Daemon.start(ConfigLoader.load(lab.configFile()), Clock.systemUTC())) {
            daemon.warmUp().awaitDone(LIMIT); // a daemon up for a while: an outage found it warmed up
            awaitPolls(daemon, 2);
            lab.ups().onBattery();
            lab.ups().drainTo(40, 600);
            awaitPolls(daemon, 2);
            lab.ups().drainTo(20, 30);
            Instant triggered = await(() -> daemon.watch().triggeredAt(), "a trigger");
            Instant first = await(() -> lab.events().stream().filter(e -> e.what().startsWith("ran: ") && !e.at().isBefore(triggered))
                    .map(LabEvent::at).min(Comparator.naturalOrder()), "a command on a node");
            long ms = Duration.between(triggered, first).toMillis();
            System.out.printf("  run %d: triggering poll -> first command on a node: %d ms (%s)%n", number, ms, path(daemon, triggered, first));
            return ms;
        } finally {
            FileTrees.deleteQuietly(dir);
        }
    }

    /** When each stage before the first command started (and ended), from the trigger: where the time goes. */
    private static String path(Daemon daemon, Instant triggered, Instant firstCommand) {
        List<String> stages = new ArrayList<>();
        daemon.engine().history().runs(1).forEach(run -> {
            stages.add("run start +" + Duration.between(triggered, run.started()).toMillis());
            daemon.engine().history().stages(run.runId()).stream().filter(s -> s.node() == null)
                    .takeWhile(s -> !s.started().isAfter(firstCommand))
                    .forEach(s -> stages.add(s.stage() + " +" + Duration.between(triggered, s.started()).toMillis()
                            + (s.ended() == null ? "" : ".." + Duration.between(triggered, s.ended()).toMillis())));
        });
        return String.join(", ", stages) + " ms";
    }

    private static void awaitPolls(Daemon daemon, int polls) throws InterruptedException {
        long target = daemon.watch().polls() + polls;
        await(() -> daemon.watch().polls() >= target ? Optional.of(true) : Optional.empty(), polls + " polls");
    }

    private static <T> T await(Supplier<Optional<T>> what, String name) throws InterruptedException {
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = what.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no " + name + " within " + LIMIT.toSeconds() + " s");
    }

}
