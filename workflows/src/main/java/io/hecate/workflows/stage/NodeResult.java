package io.hecate.workflows.stage;

import io.hecate.connectors.ssh.NodeOutcome;

/**
 * What one attempt of a node stage left for one node: the outcome its history row shows, whether another attempt may
 * help, and a note for the row's detail (e.g. that a node whose stop failed was powered off anyway).
 */
record NodeResult(NodeOutcome outcome, boolean retryable, String note) {

    /** A single command's outcome: retried when another attempt may help (see {@link NodeStep#retryable}). */
    static NodeResult of(NodeOutcome outcome) {
        return new NodeResult(outcome, NodeStep.retryable(outcome), null);
    }
}
