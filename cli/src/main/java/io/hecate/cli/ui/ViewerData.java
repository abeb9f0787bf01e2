package io.hecate.cli.ui;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import io.hecate.engine.runtime.DeployedDiagrams;
import io.hecate.engine.runtime.EngineDatabase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The viewer's reads: runs from the history's H2 file, the BPMN a run executed and its path from Camunda's. The files may
 * not exist yet (no run ever recorded, {@code hecate ui} on a fresh host): then the lists are empty and the history is
 * opened once a run created it; Camunda's file is opened on the first diagram asked for.
 */
final class ViewerData implements AutoCloseable {

    private final Path engineDir;
    private RunHistory history;
    private JdbcConnectionPool diagramsPool;
    private DeployedDiagrams diagrams;

    ViewerData(Path engineDir) {
        this.engineDir = engineDir;
    }

    List<RunRecord> runs(Query query) {
        return opened() ? history.runs(query.filter(), query.offset(), query.limit()) : List.of();
    }

    /** The run's records, shaped by {@code shape}; empty for an unknown run. */
    <T> Optional<T> run(String runId, RunShape<T> shape) {
        if (!opened()) {
            return Optional.empty();
        }
        return history.run(runId).map(run -> shape.of(run, history.stages(runId), history.actions(runId)));
    }

    /** What a run's records are answered as: the viewer's JSON, or what {@code runs show} prints. */
    @FunctionalInterface
    interface RunShape<T> {

        T of(RunRecord run, List<StageRecord> stages, List<ActionRecord> actions);
    }

    /** The BPMN the run executed and the elements it passed through; empty for an unknown run. */
    Optional<Map<String, Object>> diagram(String runId) {
        if (!opened()) {
            return Optional.empty();
        }
        return history.run(runId).map(this::diagram);
    }

    private synchronized Map<String, Object> diagram(RunRecord run) {
        if (diagrams == null) {
            diagramsPool = EngineDatabase.enginePool(engineDir);
            diagrams = new DeployedDiagrams(diagramsPool);
        }
        Optional<String> definition = Optional.ofNullable(run.definitionId()).or(() -> diagrams.definitionOf(run.processInstanceId()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", run.runId());
        json.put("definition_id", definition.orElse(null));
        json.put("bpmn", definition.flatMap(diagrams::bpmn).orElse(null));
        json.put("visits", diagrams.visits(run.processInstanceId()).stream().map(visit -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("element_id", visit.elementId());
            v.put("type", visit.type());
            v.put("started", visit.started() == null ? null : visit.started().toString());
            v.put("ended", visit.ended() == null ? null : visit.ended().toString());
            return v;
        }).toList());
        return json;
    }

    private synchronized boolean opened() {
        if (history == null) {
            history = EngineDatabase.existingHistory(engineDir).orElse(null);
        }
        return history != null;
    }

    @Override
    public synchronized void close() {
        if (history != null) {
            history.close();
        }
        if (diagramsPool != null) {
            diagramsPool.dispose();
        }
    }
}
