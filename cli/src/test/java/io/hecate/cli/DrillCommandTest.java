package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hecate.drills.drill.Drill;
import io.hecate.drills.drill.DrillFailure;
import io.hecate.drills.drill.DrillTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What {@code drill run} does with the lab's temp dir, which holds the lab's private SSH key: gone after a pass,
 * kept and named after a failure. The drill here only writes a key file into the dir and passes, fails or breaks.
 */
class DrillCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicReference<Path> labDir = new AtomicReference<>();

    @AfterEach
    void removeKeptDir() {
        if (labDir.get() != null && Files.exists(labDir.get())) {
            LabDirs.delete(labDir.get());
        }
    }

    @Test
    void aPassingDrillRemovesItsLabDir() throws Exception {
        assertThat(run(target -> { })).isEqualTo(ExitCodes.OK);

        assertThat(labDir.get()).doesNotExist();
        assertThat(out.toString()).contains("drill fake passed");
    }

    @Test
    void aFailingDrillKeepsItsLabDirAndNamesItWithThePrivateKey() {
        assertThatThrownBy(() -> run(target -> {
            throw new DrillFailure("nothing recovered");
        })).isInstanceOf(RunFailedException.class)
                .hasMessageContaining("drill fake FAILED: nothing recovered")
                .hasMessageContaining("private SSH key")
                .hasMessageContaining("kept in " + labDir.get())
                .hasMessageContaining("rm -r " + labDir.get());

        assertThat(labDir.get().resolve("id_ed25519")).exists();
    }

    @Test
    void aDrillThatBreaksStillNamesTheDirItLeaves() {
        assertThatThrownBy(() -> run(target -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(labDir.get()).exists();
        assertThat(err.toString()).contains("private SSH key", "kept in " + labDir.get());
    }

    private int run(Ending ending) throws Exception {
        Drill drill = new Drill() {
            public String name() {
                return "fake";
            }

            public String breaks() {
                return "nothing";
            }

            public String verifies() {
                return "nothing";
            }

            public void run(DrillTarget target, PrintWriter printed) {
                labDir.set(target.labDir());
                try {
                    Files.writeString(target.labDir().resolve("id_ed25519"), "not a real key");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                ending.end(target);
            }
        };
        DrillCommand.Run command = new DrillCommand.Run(name -> Optional.of(drill));
        CommandLine line = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        line.parseArgs("fake");
        return command.call();
    }

    private interface Ending {
        void end(DrillTarget target);
    }
}
