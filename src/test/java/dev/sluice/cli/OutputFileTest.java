package dev.sluice.cli;

import dev.sluice.Sluice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code -o FILE}: a private temp file made exclusively beside the target, the target's mode kept, nothing left behind. */
class OutputFileTest {
    private static final String STREAM = ErrorMessagesTest.DEPLOYMENT;

    private static Sluice.Run render(Path output) {
        return Sluice.run(STREAM, "--quiet", "--target", "api", "--command", "migrate", "-o", output.toString());
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(OutputFile.TEMP_SUFFIX)).toList();
        }
    }

    @Test
    void aNewFileIsPrivateAndAnExistingFileKeepsItsMode(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.yaml");
        Sluice.Run run = render(out);
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.readString(out).contains("kind: Job"));
        assertEquals("rw-------", mode(out), "a new output may hold Secrets: 0600");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, render(out).exit());
        assertEquals("rw-r-----", mode(out), "the target's mode is kept");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, render(out).exit());
        assertEquals("rw-------", mode(out), "0600 stays 0600");
        assertEquals(List.of(), leftovers(dir));
    }

    @Test
    void aLinkPlantedAtTheOldTempNameIsNeverWrittenThrough(@TempDir Path dir) throws IOException {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious\n");
        Path out = dir.resolve("out.yaml");
        Files.createSymbolicLink(dir.resolve("out.yaml.sluice-tmp"), victim);
        assertEquals(0, render(out).exit());
        assertEquals("precious\n", Files.readString(victim));
        assertTrue(Files.readString(out).contains("kind: Job"));
    }

    @Test
    void aLinkAsTheTargetIsRefused(@TempDir Path dir) throws IOException {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious\n");
        Path out = dir.resolve("out.yaml");
        Files.createSymbolicLink(out, victim);
        Sluice.Run run = render(out);
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("-o " + out + " is a symbolic link; sluice replaces its output file and never writes"
                + " through a link: pass the file it points to (" + victim.toRealPath() + ")"), run.err());
        assertEquals("precious\n", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(out));
        assertEquals(List.of(), leftovers(dir));
    }

    @Test
    void aDirectoryAFifoOrADeviceIsRefused(@TempDir Path dir) throws Exception {
        Sluice.Run directory = render(dir);
        assertEquals(2, directory.exit());
        assertTrue(directory.err().contains("-o " + dir + " is a directory; sluice replaces its output file whole, so -o takes a"
                + " regular file (leave out -o to write to stdout)"), directory.err());
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Sluice.Run pipe = render(fifo);
        assertEquals(2, pipe.exit());
        assertTrue(pipe.err().contains("-o " + fifo + " is a device, FIFO or socket"), pipe.err());
        Sluice.Run device = render(Path.of("/dev/null"));
        assertEquals(2, device.exit());
        assertTrue(device.err().contains("-o /dev/null is a device, FIFO or socket"), device.err());
        assertEquals(List.of(), leftovers(dir));
    }

    @Test
    void aFailureWhileWritingLeavesTheTargetAndNoTempFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.yaml");
        Files.writeString(out, "before\n");
        dev.sluice.stream.StreamException e = assertThrows(dev.sluice.stream.StreamException.class, () -> OutputFile.write(out, file -> {
            file.write("half a stream".getBytes(StandardCharsets.UTF_8));
            throw new java.nio.file.FileSystemException(out.toString(), null, "No space left on device");
        }));
        assertEquals("cannot write -o " + out + ": No space left on device (the file is left as it was)", e.getMessage());
        assertEquals("before\n", Files.readString(out));
        assertEquals(List.of(), leftovers(dir));
    }

    @Test
    void aMissingDirectoryIsNamed(@TempDir Path dir) {
        Path out = dir.resolve("no/such/out.yaml");
        Sluice.Run run = render(out);
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("cannot write -o " + out + ": cannot create a file in " + out.getParent() + ": no such directory"),
                run.err());
    }

    @Test
    void concurrentRunsToOneFileLeaveOneWholeOutput(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.yaml");
        byte[] a = "a\n".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        byte[] b = "bb\n".repeat(150_000).getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (byte[] content : List.of(a, b)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        OutputFile.write(out, file -> file.write(content));
                        byte[] now = Files.readAllBytes(out);
                        assertTrue(java.util.Arrays.equals(now, a) || java.util.Arrays.equals(now, b), "one whole output, never a mix");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), leftovers(dir));
    }
}
