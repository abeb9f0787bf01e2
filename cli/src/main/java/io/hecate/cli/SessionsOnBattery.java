package io.hecate.cli;

import io.hecate.engine.power.Decision;
import io.hecate.engine.power.PollListener;
import io.hecate.engine.power.UpsSample;
import io.hecate.workflows.WorkflowContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emergency run's SSH handshakes, paid before the trigger: from the first on-battery poll (at least
 * {@code debounce_polls} polls before a runtime trigger) the daemon opens an authenticated session to every
 * managed node and keeps it open while on battery until the trigger latches (each such poll reopens what dropped);
 * back on mains and not latched it closes the idle ones. The work runs on its own thread, one round at a time, so a poll never waits.
 */
final class SessionsOnBattery implements PollListener, AutoCloseable {

    /** Handshakes at once: enough for 200 nodes in well under a second, few enough not to starve the poll. */
    static final int PARALLEL = 16;
    private static final Logger log = LoggerFactory.getLogger(SessionsOnBattery.class);

    private final WorkflowContext context;
    private final List<String> nodes;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "ssh-sessions");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean warming = new AtomicBoolean();
    private boolean open;
    private int lastReady = -1;

    SessionsOnBattery(WorkflowContext context, List<String> nodes) {
        this.context = context;
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public void polled(UpsSample sample, Decision decision) {
        if (!sample.reportsPowerSource()) {
            return; // no data is not mains: keep what is open
        }
        if (sample.onBattery()) {
            open = true;
            // once latched the run holds its sessions; nodes it powered off must not be dialled every poll
            if (!decision.latched() && warming.compareAndSet(false, true)) {
                worker.execute(this::warmUp);
            }
        } else if (open && !decision.latched()) {
            open = false;
            worker.execute(this::release);
        }
    }

    private void warmUp() {
        try {
            long started = System.nanoTime();
            List<String> ready = context.warmUp(nodes, PARALLEL);
            if (ready.size() != lastReady) {
                List<String> missing = new ArrayList<>(nodes);
                missing.removeAll(ready);
                log.info("daemon: on battery, SSH sessions open to {} of {} nodes in {} ms{}", ready.size(), nodes.size(),
                        (System.nanoTime() - started) / 1_000_000, missing.isEmpty() ? "" : " (not reached: " + missing + ")");
                lastReady = ready.size();
            }
        } catch (RuntimeException e) {
            log.warn("daemon: opening SSH sessions failed (the emergency run connects itself): {}", e.toString());
        } finally {
            warming.set(false);
        }
    }

    private void release() {
        context.release();
        lastReady = -1;
        log.info("daemon: on mains, idle SSH sessions closed");
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
