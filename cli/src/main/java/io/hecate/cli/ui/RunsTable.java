package io.hecate.cli.ui;

import io.hecate.engine.history.RunRecord;
import java.util.List;

/** What {@code hecate runs} prints for these runs: the viewer answers it for the CLI while a daemon serves it. */
@FunctionalInterface
public interface RunsTable {

    String text(List<RunRecord> runs);
}
