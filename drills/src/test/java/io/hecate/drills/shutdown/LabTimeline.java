package io.hecate.drills.shutdown;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import io.hecate.drills.lab.LabEvent;

/** The lab's events read as a timeline: when did which nodes receive a command or change state. */
public record LabTimeline(List<LabEvent> events) {

    public static final String RAN = "ran: ";

    public List<LabEvent> of(Collection<String> nodes, Predicate<String> what) {
        return events.stream().filter(e -> nodes.contains(e.node()) && what.test(e.what())).toList();
    }

    public List<LabEvent> ran(Collection<String> nodes, String command) {
        return of(nodes, what -> what.equals(RAN + command));
    }

    public List<LabEvent> ranAnything() {
        return events.stream().filter(e -> e.what().startsWith(RAN)).toList();
    }

    public static Instant first(List<LabEvent> events) {
        return events.stream().map(LabEvent::at).min(Instant::compareTo).orElseThrow(() -> new AssertionError("no such events"));
    }

    public static Instant last(List<LabEvent> events) {
        return events.stream().map(LabEvent::at).max(Instant::compareTo).orElseThrow(() -> new AssertionError("no such events"));
    }
}
