package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
