package io.hecate.drills.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabNamesTest {

    @Test
    void namesServersByLetterAndAgentsByNumberFromFour() {
        assertThat(Lab.controlPlaneName(0)).isEqualTo("titan-0a");
        assertThat(Lab.controlPlaneName(3)).isEqualTo("titan-0d");
        assertThat(Lab.workerName(0)).isEqualTo("titan-04");
        assertThat(Lab.workerName(95)).isEqualTo("titan-99");
        assertThat(Lab.workerName(96)).isEqualTo("titan-100");
    }

    @Test
    void splitsNutCommandLinesWithQuotesAndEscapes() {
        assertThat(LabUps.split("GET VAR pyrphoros ups.status")).containsExactly("GET", "VAR", "pyrphoros",
                "ups.status");
        assertThat(LabUps.split("PASSWORD \"with space \\\" quote\"")).containsExactly("PASSWORD",
                "with space \" quote");
        assertThat(LabUps.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
