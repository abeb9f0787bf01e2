package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it, with its own logging config (not the tests'): the demo's stderr holds
 * Hecate's own decision lines only, no library's warning (fabric8's VersionUsageUtils on every Longhorn read
 * was one) and no stack trace.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target/hecate.jar");

    @TempDir
    Path tmp;

    @Test
    void theDemoLogsNoLibraryWarningAndNoStackTrace() throws Exception {
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-jar", JAR.toString(), "demo")
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()).start();
        assertThat(demo.waitFor(240, TimeUnit.SECONDS)).as("demo finished").isTrue();
        List<String> err = Files.readAllLines(tmp.resolve("err"), StandardCharsets.UTF_8);

        assertThat(demo.exitValue()).as(String.join("\n", err)).isZero();
        Set<String> hecateLoggers = hecateClassNames();
        assertThat(err).filteredOn(line -> line.matches("\\S+ (WARN|ERROR) .*"))
                .allSatisfy(line -> assertThat(hecateLoggers).contains(line.split("\\s+")[2].replace(":", "")));
        assertThat(err).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
    }

    /**
     * Java 17's AppCDS skips class files older than Java 6: the build rewrites them (scripts/UpgradeClassFiles.java),
     * so none is left; the rewritten ones (picocli, Joda-Time) pass the verifier with their computed frames.
     */
    @Test
    void everyClassFileIsOneTheClassDataArchiveCanHoldAndTheRewrittenOnesVerify() throws Exception {
        List<String> old = new ArrayList<>();
        List<String> rewritten = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/")) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    byte[] header = in.readNBytes(8);
                    if ((((header[6] & 0xff) << 8) | (header[7] & 0xff)) < 50) {
                        old.add(name);
                    }
                }
                if (name.startsWith("picocli/") || name.startsWith("org/joda/time/")) {
                    rewritten.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        assertThat(old).as("class files older than Java 6").isEmpty();

        List<String> failed = new ArrayList<>();
        try (URLClassLoader classes = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : rewritten) {
                try {
                    Class.forName(name, true, classes); // initialised, so linked: verified
                } catch (VerifyError | ClassFormatError e) {
                    failed.add(name + ": " + e.getMessage());
                }
            }
        }
        assertThat(rewritten).hasSizeGreaterThan(400);
        assertThat(failed).isEmpty();
    }

    /** The simple names the log pattern ({@code %logger{0}}) prints for Hecate's own classes. */
    private static Set<String> hecateClassNames() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return jar.stream().map(e -> e.getName())
                    .filter(name -> name.startsWith("io/hecate/") && name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(name.lastIndexOf('/') + 1, name.length() - ".class".length()))
                    .collect(Collectors.toSet());
        }
    }
}
