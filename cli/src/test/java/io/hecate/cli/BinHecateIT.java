package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/hecate's first run in a checkout without a jar: it says what it builds and how long that takes, and asks
 * Maven for no colour codes. Maven here is a stand-in that records how it was called and provides the real jar.
 */
class BinHecateIT {

    @TempDir
    Path checkout;

    @Test
    void firstRunSaysWhatItBuildsAndHowLongAndKeepsMavensAnsiCodesOut() throws Exception {
        Files.createDirectories(checkout.resolve("bin"));
        Files.copy(Path.of("../bin/hecate"), checkout.resolve("bin/hecate"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Path fakeBin = Files.createDirectories(checkout.resolve("fake-bin"));
        Path calls = checkout.resolve("mvn-calls");
        Path mvn = fakeBin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"MAVEN_OPTS=$MAVEN_OPTS $*\" > " + calls + "\nmkdir -p cli/target\ncp "
                + Path.of("target/hecate.jar").toAbsolutePath() + " cli/target/hecate.jar\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(checkout.resolve("bin/hecate"), PosixFilePermissions.fromString("rwx------"));

        ProcessBuilder builder = new ProcessBuilder(checkout.resolve("bin/hecate").toString(), "--version")
                .redirectOutput(checkout.resolve("out").toFile()).redirectError(checkout.resolve("err").toFile());
        builder.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        builder.environment().remove("HECATE_JAR");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String out = read("out");
        String err = read("err");
        assertThat(process.exitValue()).as(err).isZero();
        assertThat(out).contains("hecate 0.1.0");
        assertThat(err).contains("building cli/target/hecate.jar with Maven", "1-2 minutes", "it happens once");
        assertThat(out + err).doesNotContain("\u001b[");
        assertThat(Files.readString(calls)).contains("-Dstyle.color=never", "-Djansi.noreset=true", "-q", "-DskipTests");
    }

    private String read(String name) throws IOException {
        return Files.readString(checkout.resolve(name), StandardCharsets.UTF_8);
    }
}
