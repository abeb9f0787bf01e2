package io.hecate.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion on a lock file across processes (a file lock) and within this one (a plain lock: a process
 * may not hold the same file lock twice). Guards read-compare-write of intent.json and "is a shutdown running?
 * then start one".
 */
public final class FileMutex implements AutoCloseable {

    private static final Map<Path, ReentrantLock> IN_THIS_PROCESS = new ConcurrentHashMap<>();
    /** How often a bounded wait looks at a lock another process holds. */
    private static final long POLL_MILLIS = 20;

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
        return locked(file, local, FileChannel::lock).orElseThrow();
    }

    /**
     * As {@link #acquire}, waiting at most {@code patience}: empty when another holder kept it longer (or this thread
     * was interrupted meanwhile).
     */
    public static Optional<FileMutex> acquireWithin(Path lockFile, Duration patience) {
        Path file = lockFile.toAbsolutePath();
        long deadline = System.nanoTime() + patience.toNanos();
        ReentrantLock local = IN_THIS_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        try {
            if (!local.tryLock(patience.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return locked(file, local, channel -> {
            FileLock lock = channel.tryLock();
            while (lock == null && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                lock = channel.tryLock();
            }
            return lock;
        });
    }

    /** With {@code local} held: the file's lock as {@code taker} takes it; {@code local} is let go when none is taken. */
    private static Optional<FileMutex> locked(Path file, ReentrantLock local, LockTaker taker) {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = taker.take(channel);
            if (lock == null) {
                closeQuietly(channel);
                local.unlock();
                return Optional.empty();
            }
            return Optional.of(new FileMutex(local, channel, lock));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(file + ": cannot take the lock", io);
            }
            throw (RuntimeException) e;
        }
    }

    private interface LockTaker {
        FileLock take(FileChannel channel) throws IOException;
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
