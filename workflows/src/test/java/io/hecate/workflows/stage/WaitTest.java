package io.hecate.workflows.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
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

    /** NTP steps the wall clock during a startup (a host that booted without a battery-backed clock, hours behind). */
    @Test
    void aStepOfTheWallClockNeitherEndsAWaitNorStretchesIt() {
        Map<String, Object> variables = new HashMap<>();
        Clock now = Clock.systemUTC();
        assertThat(Wait.of(execution(variables), "apiDeadline", Duration.ofSeconds(60), now).firstPass()).isTrue();

        Wait later = Wait.of(execution(variables), "apiDeadline", Duration.ofSeconds(60), now);
        assertThat(later.firstPass()).isFalse();
        assertThat(later.passed(Clock.offset(now, Duration.ofHours(2)))).as("two hours forward").isFalse();
        assertThat(later.passed(now)).isFalse();

        variables.put("apiDeadlineOnBootClock", (Long) variables.get("apiDeadlineOnBootClock") - 61_000);
        assertThat(Wait.of(execution(variables), "apiDeadline", Duration.ofSeconds(60), now).passed(Clock.offset(now, Duration.ofHours(-2))))
                .as("past its deadline on the boot clock, two hours back on the wall clock").isTrue();

        variables.remove("apiDeadlineOnBootClock");
        variables.put("apiDeadline", now.millis() - 1);
        assertThat(Wait.of(execution(variables), "apiDeadline", Duration.ofSeconds(60), now).passed(now))
                .as("a wait an earlier Hecate started: on the wall clock").isTrue();
    }

    /** The variables of a process instance, the only part of an execution a wait uses. */
    private static DelegateExecution execution(Map<String, Object> variables) {
        return (DelegateExecution) Proxy.newProxyInstance(WaitTest.class.getClassLoader(), new Class<?>[] {DelegateExecution.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getVariable" -> variables.get(args[0]);
                    case "hasVariable" -> variables.containsKey(args[0]);
                    case "setVariable" -> variables.put((String) args[0], args[1]);
                    case "removeVariable" -> variables.remove(args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void everyProgressLineStartsWithTheMarkerReadersCollapseOn() {
        assertThat(Wait.progress("SSH on [n1]", DEADLINE, DEADLINE)).startsWith(Wait.PROGRESS);
    }
}
