package io.hecate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Held from "is a shutdown running?" until the new run is recorded, so the daemon and a CLI (or two peers'
 * forwarded triggers) cannot both start one: a file lock on {@code <state_dir>/shutdown-start.lock} across
 * JVMs, and a plain lock within this one (a JVM may not take the same file lock twice).
 */
final class ShutdownStartLock implements AutoCloseable {

    private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private ShutdownStartLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    static ShutdownStartLock acquire(Path stateDir) {
        Path file = stateDir.toAbsolutePath().resolve("shutdown-start.lock");
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(stateDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new ShutdownStartLock(local, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            local.unlock();
            throw new UncheckedIOException(file + ": cannot take the shutdown start lock", e);
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            fileLock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            local.unlock();
        }
    }
}
