package io.hecate.drills.drill;

import java.io.PrintWriter;

import io.hecate.drills.run.FinishedRun;
import io.hecate.engine.config.ConfigLoader;

/**
 * A drill whose recovery is {@code hecate-startup}. On the lab: shut down, break, start up with execute,
 * verify. On a live cluster the breakage is refused (see each drill's {@link #breaks()}): the drill breaks
 * nothing and runs the same read-only checks against the latest startup in the history and the cluster now.
 */
abstract class StartupDrill implements Drill {

    @Override
    public final void run(DrillTarget target, PrintWriter out) throws InterruptedException {
        DrillCheck check = new DrillCheck(name(), out);
        if (target.live()) {
            out.println("live: breaking nothing (refused on a real cluster); checking the latest startup and the cluster now");
            out.flush();
            try (Recovery recovery = Recovery.live(ConfigLoader.load(target.liveConfig()))) {
                verify(recovery, check);
            }
        } else {
            try (LabOutage outage = LabOutage.start(target.labDir(), out)) {
                beforeShutdown(outage);
                outage.shutDown();
                breakIt(outage);
                FinishedRun startup = outage.startup();
                out.println("verify:");
                try (Recovery recovery = Recovery.onLab(outage, startup)) {
                    verify(recovery, check);
                }
            }
        }
        check.verdict();
    }

    /** Set up what must exist before the power cut (config, an operator's own changes). */
    void beforeShutdown(LabOutage outage) {
    }

    /** The breakage, on the lab after the shutdown and before the startup. */
    abstract void breakIt(LabOutage outage);

    /** The checks; only reads. On the lab {@code recovery.lab()} adds what only the lab can show. */
    abstract void verify(Recovery recovery, DrillCheck check);
}
