package io.hecate.connectors.nut;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Debian upsd with the dummy-ups driver (mode dummy-once) in a temp dir, on a free loopback
 * port. Configuration: UPS {@value #UPS}; user {@value #USER} with {@code actions = SET},
 * {@code instcmds = ALL} and {@code upsmon primary} (so FSD is allowed); user {@value #POWER_USER} with only
 * what kill-power needs, the lines docs/operations.md tells operators to write. Missing binaries fail the
 * test: CI installs nut-server, and a silent skip would hide the NUT client's only real-server check.
 */
public final class RealUpsd implements AutoCloseable {

    static final String UPS = "myups";
    static final String USER = "hecate";
    static final String PASSWORD = "s3cret-pw";
    static final String POWER_USER = "hecate-power";
    static final String POWER_PASSWORD = "p0wer-pw";

    private static final Path UPSD = Path.of("/lib/nut/upsd");
    private static final Path DRIVER = Path.of("/lib/nut/dummy-ups");
    private static final Duration READY_WITHIN = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private Process driver;
    private Process upsd;
    private Instant devTime = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private RealUpsd(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts driver and upsd with the .dev file of this package's test resources, once upsd serves real data. */
    static RealUpsd start(Path dir, String devResource) {
        return startWith(dir, resource(devResource));
    }

    /** Starts driver and upsd with the given .dev content and returns once upsd serves real data. */
    public static RealUpsd startWith(Path dir, String dev) {
        for (Path binary : List.of(UPSD, DRIVER)) {
            if (!Files.isExecutable(binary)) {
                fail(binary + " is missing: install Debian's nut-server (apt-get install nut-server)"
                        + " to run the NUT integration tests");
            }
        }
        RealUpsd fixture = new RealUpsd(dir, freePort());
        try {
            fixture.writeConfig(dev);
            fixture.driver = fixture.launch("driver.log", DRIVER.toString(), "-a", UPS);
            fixture.upsd = fixture.launch("upsd.log", UPSD.toString());
            fixture.awaitRealData();
            return fixture;
        } catch (RuntimeException | Error e) {
            fixture.close();
            throw e;
        }
    }

    public UpsTarget target() {
        return new UpsTarget(UPS, "127.0.0.1", port);
    }

    public NutSettings anonymous() {
        return NutSettings.anonymous(target(), Duration.ofSeconds(2));
    }

    NutSettings withCredentials() {
        return new NutSettings(target(), USER, PASSWORD, Duration.ofSeconds(2));
    }

    NutSettings asPowerUser(String password) {
        return new NutSettings(target(), POWER_USER, password, Duration.ofSeconds(2));
    }

    /** Replaces the .dev file with one of this package's test resources. */
    void useDev(String devResource) {
        writeDev(resource(devResource));
    }

    /**
     * Replaces the .dev file with this content. dummy-once re-reads it only when its mtime changes in whole
     * seconds, so every edit moves the mtime 2 s further than the last.
     */
    public void writeDev(String dev) {
        write(UPS + ".dev", dev);
        devTime = devTime.plusSeconds(2);
        try {
            Files.setLastModifiedTime(dir.resolve(UPS + ".dev"), FileTime.from(devTime));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void killDriver() {
        stop(driver);
    }

    /** Stops upsd and starts it again on the same port, as a package upgrade would. */
    void restartUpsd() {
        stop(upsd);
        upsd = launch("upsd-restarted.log", UPSD.toString());
        awaitRealData();
    }

    @Override
    public void close() {
        stop(upsd);
        stop(driver);
    }

    private void writeConfig(String dev) {
        write("ups.conf", "[" + UPS + "]\n  driver = dummy-ups\n  port = " + UPS + ".dev\n"
                + "  mode = dummy-once\n  pollinterval = 1\n  desc = \"Hecate test UPS\"\n");
        write("upsd.conf", "LISTEN 127.0.0.1 " + port + "\n");
        write("upsd.users", "[" + USER + "]\n  password = " + PASSWORD + "\n  actions = SET\n"
                + "  instcmds = ALL\n  upsmon primary\n"
                + "[" + POWER_USER + "]\n  password = " + POWER_PASSWORD + "\n  instcmds = shutdown.return\n  upsmon primary\n");
        writeDev(dev);
    }

    private Process launch(String logName, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        if ("root".equals(System.getProperty("user.name"))) {
            args.addAll(List.of("-u", "root"));
        }
        args.add("-F");
        ProcessBuilder builder = new ProcessBuilder(args)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(logName).toFile());
        builder.environment().put("NUT_CONFPATH", dir.toString());
        builder.environment().put("NUT_STATEPATH", dir.toString());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + args, e);
        }
    }

    private void awaitRealData() {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        NutException last = null;
        try (NutClient client = new NutClient(anonymous())) {
            while (Instant.now().isBefore(deadline)) {
                try {
                    client.read();
                    return;
                } catch (NutException e) {
                    last = e;
                }
                sleep(Duration.ofMillis(200));
            }
        }
        fail("upsd on port " + port + " served no real data within " + READY_WITHIN + "; last error: "
                + (last == null ? "none" : last.getMessage()) + "\n" + logs());
    }

    String logs() {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                text.append("--- ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        } catch (IOException e) {
            text.append("(logs unreadable: ").append(e).append(')');
        }
        return text.toString();
    }

    private void write(String name, String content) {
        try {
            Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = RealUpsd.class.getResourceAsStream("/nut/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource nut/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for upsd", e);
        }
    }
}
