package io.hecate.connectors;

import java.util.concurrent.ThreadFactory;

/** Threads that never keep the JVM alive: a pool's workers, a timer, a watcher. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Makes daemon threads with this name. */
    public static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
