package org.levistream.model.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Durable writes: fsync of files and directories, and publishing a fully written temporary directory under its
 * final name with one atomic rename, so that readers see either nothing or everything.
 */
public final class DurableFiles {
    private DurableFiles() {}

    /**
     * Flushes a file's content and metadata to the device.
     *
     * @param file a regular file
     * @throws IOException if the sync fails
     */
    public static void fsyncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * Flushes a directory's entries (new names, renames) to the device. Some platforms cannot open a directory
     * for sync; there the rename is as durable as the file system makes it and nothing more can be done.
     *
     * @param dir a directory
     * @throws IOException if the sync fails on a platform that supports it
     */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (java.nio.file.AccessDeniedException | UnsupportedOperationException e) {
            // Windows cannot open directories as channels; POSIX systems can and must sync them.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    /**
     * Fsyncs every file in {@code tmp} and {@code tmp} itself, renames it atomically to {@code target}, then
     * fsyncs the parent so that the rename survives a crash.
     *
     * @param tmp    a fully written directory in the same parent as {@code target}
     * @param target the final name; must not exist
     * @throws IOException if a sync or the rename fails
     */
    public static void publishDirectory(Path tmp, Path target) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    fsyncFile(f);
                }
            }
        }
        fsyncDirectory(tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(target.getParent());
    }

    /**
     * Deletes a directory tree; used to clean up a temporary directory after a failed write.
     *
     * @param dir the directory; nothing happens if it does not exist
     * @throws IOException if a file cannot be deleted
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
