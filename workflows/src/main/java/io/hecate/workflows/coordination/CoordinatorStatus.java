package io.hecate.workflows.coordination;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.IntentState;
import io.hecate.workflows.HecateWorkflows;
import java.util.Optional;
import java.util.Set;

/**
 * What a coordinator's {@code hecate status --json} tells a peer: its intent state and a startup (or power
 * restore, which runs one) still running there. The one reading of that reply, for the startup failover and for
 * a forwarded trigger that timed out.
 */
public record CoordinatorStatus(String intentState, Optional<String> runningStartup) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STARTUPS = Set.of(HecateWorkflows.STARTUP, HecateWorkflows.POWER_RESTORE);

    /** @throws IllegalArgumentException when the text is not the status JSON (no {@code intent} field) */
    public static CoordinatorStatus parse(String statusJson) {
        JsonNode status;
        try {
            status = JSON.readTree(statusJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (status == null || !status.has("intent")) {
            throw new IllegalArgumentException("no intent field");
        }
        Optional<String> running = Optional.empty();
        for (JsonNode run : status.path("last_runs")) {
            if (STARTUPS.contains(run.path("workflow").asText()) && RunRecord.RUNNING.equals(run.path("outcome").asText())) {
                running = Optional.of(run.path("workflow").asText() + " run " + run.path("run_id").asText());
                break;
            }
        }
        return new CoordinatorStatus(status.path("intent").path("state").asText(""), running);
    }

    /** A startup runs there now: a second one from a peer would fight it. */
    public boolean starting() {
        return IntentState.STARTUP_IN_PROGRESS.wire().equals(intentState) || runningStartup.isPresent();
    }

    public String describe() {
        return "intent " + (intentState.isEmpty() ? "(none)" : intentState) + runningStartup.map(run -> ", " + run + " running").orElse("");
    }
}
