package org.levistream.trainer.checkpoint;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.levistream.trainer.TrainerRefusal;

/**
 * One trainer per experiment: an exclusive lock on a file in the experiment's checkpoint folder, held while the
 * trainer runs. Two trainers writing the same folder would interleave checkpoints of different lineages; the second
 * is refused and told who holds the lock.
 *
 * <p>The lock is the operating system's ({@code fcntl} on Linux), so a trainer killed at any instant, SIGKILL
 * included, leaves no stale lock behind: the kernel releases it with the process. The file itself stays, holding
 * the last holder's description, and is never deleted (deleting it would let two trainers lock two different files).
 */
public final class ExperimentLock implements AutoCloseable {
    /** The lock file's name inside the checkpoint folder; not a {@code step-*} name, so checkpoint listing skips it. */
    public static final String FILE = ".trainer.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ExperimentLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of an experiment's checkpoint folder, creating the folder if needed.
     *
     * @param folder     the experiment's checkpoint folder
     * @param experiment the experiment, for the message
     * @return the held lock; close it when the trainer stops
     * @throws ExperimentLockedException naming the holder, when another trainer holds it
     * @throws IOException               if the folder or file cannot be created
     */
    public static ExperimentLock acquire(Path folder, String experiment) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            channel.close();
            throw new ExperimentLockedException("experiment " + experiment + " is already being trained: " + file
                    + " is locked by " + (holder.isEmpty() ? "another trainer" : holder) + "; stop that trainer first, "
                    + "or give this one another --experiment");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(describeThisProcess().getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new ExperimentLock(channel, lock);
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static String describeThisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "an unknown host";
        }
        return "the trainer with pid " + ProcessHandle.current().pid() + " on " + host + " (JVM "
                + ManagementFactory.getRuntimeMXBean().getName() + ") since " + Instant.now() + "\n";
    }

    /** Another trainer holds the experiment's lock. */
    public static final class ExperimentLockedException extends TrainerRefusal {
        private static final long serialVersionUID = 1L;

        ExperimentLockedException(String message) {
            super(message, null);
        }
    }
}
