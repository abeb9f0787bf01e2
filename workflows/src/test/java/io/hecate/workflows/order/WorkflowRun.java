package io.hecate.workflows.order;

import io.hecate.engine.history.RunRecord;
import java.util.List;

/** What one in-memory run did: the stages it passed, in order (a stage twice when it ran twice), and how it ended. */
record WorkflowRun(String runId, List<String> passed, RunRecord record, List<String> endEvents) {
}
