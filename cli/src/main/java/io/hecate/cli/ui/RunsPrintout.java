package io.hecate.cli.ui;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import java.util.List;

/** What {@code hecate runs} and {@code runs show} print: the viewer answers it for the CLI while a daemon serves it. */
public interface RunsPrintout {

    /** The table {@code runs} prints. */
    String table(List<RunRecord> runs);

    /** What {@code runs --json} prints, without its last line break. */
    String json(List<RunRecord> runs);

    /** The timeline {@code runs show} prints. */
    String timeline(RunRecord run, List<StageRecord> stages, List<ActionRecord> actions);

    /** What {@code runs show --json} prints, without its last line break. */
    String json(RunRecord run, List<StageRecord> stages, List<ActionRecord> actions);
}
