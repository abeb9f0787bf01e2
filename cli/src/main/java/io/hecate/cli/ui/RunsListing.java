package io.hecate.cli.ui;

import io.hecate.engine.history.RunRecord;
import java.util.List;

/** What {@code hecate runs} prints for these runs: the viewer answers it for the CLI while a daemon serves it. */
public interface RunsListing {

    /** The table {@code runs} prints. */
    String table(List<RunRecord> runs);

    /** What {@code runs --json} prints, without its last line break. */
    String json(List<RunRecord> runs);
}
