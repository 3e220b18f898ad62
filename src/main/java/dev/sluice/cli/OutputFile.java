package dev.sluice.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code -o FILE}, written as a careful tool writes: the output goes to a private temp file created exclusively beside
 * the target (a random name, O_EXCL, mode 0600, so a planted file or link there is never written through), is synced,
 * takes the target's mode (a new file stays 0600: the stream may hold the chart's Secrets) and replaces the target in
 * one rename. A link or anything but a regular file as the target is refused. On any failure, a full disk or SIGTERM
 * included, the temp file is removed and the target is left as it was.
 */
final class OutputFile {
    /** Temp files not yet renamed, removed by the shutdown hook if the JVM is stopped (SIGTERM, SIGINT) mid-write. */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    static final String TEMP_SUFFIX = ".sluice-tmp";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OutputFile::abandonPending, "sluice-output-cleanup"));
    }

    private OutputFile() {
    }

    /** What writes the content; the stream is closed by {@link #write}. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Set<PosixFilePermission> mode = existingMode(target, absolute);
        Path temp = createTemp(absolute);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            if (mode != null) {
                Files.setPosixFilePermissions(temp, mode);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            if (e instanceof IOException io) {
                throw new dev.sluice.stream.StreamException("cannot write -o " + target + ": " + reason(io)
                        + " (the file is left as it was)");
            }
            throw e;
        } finally {
            PENDING.remove(temp);
        }
    }

    /** The mode to give the new file: the target's, if it exists (refusing a link or a non-regular file). */
    private static Set<PosixFilePermission> existingMode(Path target, Path absolute) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (attributes.isSymbolicLink()) {
            throw new UsageException("-o " + target + " is a symbolic link; sluice replaces its output file and"
                    + " never writes through a link: pass the file it points to (" + absolute.toRealPath() + ")");
        }
        if (!attributes.isRegularFile()) {
            String what = attributes.isDirectory() ? "a directory" : attributes.isOther() ? "a device, FIFO or socket" : "not a regular file";
            throw new UsageException("-o " + target + " is " + what + "; sluice replaces its output file whole,"
                    + " so -o takes a regular file (leave out -o to write to stdout)");
        }
        try {
            return Files.getPosixFilePermissions(absolute, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /** A new file beside the target, created exclusively (never an existing file, never through a link), mode 0600. */
    private static Path createTemp(Path absolute) throws IOException {
        Path dir = absolute.getParent();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + TEMP_SUFFIX);
            PENDING.add(temp);
            try {
                try {
                    Files.createFile(temp, PosixFilePermissions.asFileAttribute(PRIVATE));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(temp);
                }
                return temp;
            } catch (FileAlreadyExistsException e) {
                PENDING.remove(temp);
                if (attempt == 9) {
                    throw e;
                }
            } catch (IOException e) {
                PENDING.remove(temp);
                throw new dev.sluice.stream.StreamException("cannot write -o " + absolute + ": cannot create a file in " + dir
                        + ": " + reason(e));
            }
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            message = fs.getReason();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Removes the temp files of writes still under way; the shutdown hook's work. */
    static void abandonPending() {
        for (Path temp : PENDING) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // the JVM is stopping: nothing else to do
            }
        }
    }
}
