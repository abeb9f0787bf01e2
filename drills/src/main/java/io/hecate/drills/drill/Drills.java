package io.hecate.drills.drill;

import java.util.List;
import java.util.Optional;

/** Every drill Hecate knows, in the order {@code hecate drill list} shows them. */
public final class Drills {

    private static final List<Drill> ALL = List.of(new FluxGiteaDeadlock(), new FoundationRecovery(),
            new ReconciliationResume());

    private Drills() {
    }

    public static List<Drill> all() {
        return ALL;
    }

    public static Optional<Drill> named(String name) {
        return ALL.stream().filter(drill -> drill.name().equals(name)).findFirst();
    }
}
