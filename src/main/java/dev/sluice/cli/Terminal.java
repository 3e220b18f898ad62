package dev.sluice.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The person's terminal, when there is one: what sluice's own standard streams are, and /dev/tty to write to. */
final class Terminal {
    private Terminal() {
    }

    /** Is the process's file descriptor {@code fd} a terminal? Linux tells through /proc; elsewhere the console. */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Is sluice reading the real stdin, and is that a terminal (a person, not a pipe or a file)? */
    static boolean stdinIsTerminal(Io io) {
        return io.in() == System.in && isTerminal(0);
    }

    /** Is sluice's own stdout a terminal? Only the real process stdout can be. */
    static boolean stdoutIsTerminal(Io io) {
        return io.out() instanceof FileOutputStream && isTerminal(1);
    }

    /**
     * Writes to the controlling terminal, past whoever holds stderr (Helm discards a post-renderer's stderr);
     * false when there is none (CI, a daemon) or {@code SLUICE_NO_TTY} is set.
     */
    static boolean write(Io io, String text) {
        String off = io.env("SLUICE_NO_TTY");
        if (off != null && !off.isEmpty()) {
            return false;
        }
        try (OutputStream tty = new FileOutputStream("/dev/tty")) {
            tty.write(text.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
