package io.hecate.engine;

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
 * Mutual exclusion on a lock file across processes (a file lock) and within this one (a plain lock: a process
 * may not hold the same file lock twice). Guards read-compare-write of intent.json and "is a shutdown running?
 * then start one".
 */
public final class FileMutex implements AutoCloseable {

    private static final Map<Path, ReentrantLock> IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private FileMutex(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until held; creates the file and its directory when missing. */
    public static FileMutex acquire(Path lockFile) {
        Path file = lockFile.toAbsolutePath();
        ReentrantLock local = IN_THIS_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new FileMutex(local, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(file + ": cannot take the lock", io);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            closeQuietly(channel);
            local.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel either way
            }
        }
    }
}
