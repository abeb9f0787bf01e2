package io.hecate.workflows.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WaitTest {

    private static final Instant DEADLINE = Instant.parse("2026-12-01T10:01:00Z");

    @Test
    void progressSaysWhatItWaitsForAndTheWholeSecondsLeftBeforeTheDeadline() {
        assertThat(Wait.progress("3/8 nodes Ready", DEADLINE, DEADLINE.minusSeconds(41)))
                .isEqualTo("waiting for 3/8 nodes Ready, 41 s left");
    }

    @Test
    void aPartSecondLeftCountsAsASecondSoZeroMeansTheDeadlinePassed() {
        assertThat(Wait.progress("the Kubernetes API to answer", DEADLINE, DEADLINE.minusMillis(40_200)))
                .isEqualTo("waiting for the Kubernetes API to answer, 41 s left");
        assertThat(Wait.progress("the Kubernetes API to answer", DEADLINE, DEADLINE.minusMillis(1))).endsWith(", 1 s left");
        assertThat(Wait.progress("the Kubernetes API to answer", DEADLINE, DEADLINE.plusSeconds(5))).endsWith(", 0 s left");
    }

    @Test
    void everyProgressLineStartsWithTheMarkerReadersCollapseOn() {
        assertThat(Wait.progress("SSH on [n1]", DEADLINE, DEADLINE)).startsWith(Wait.PROGRESS);
    }
}
