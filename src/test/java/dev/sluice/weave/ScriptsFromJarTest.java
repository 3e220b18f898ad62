package dev.sluice.weave;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Scripts are read straight from sluice.jar when the classes come from it, else as resources (as here, from target/classes). */
class ScriptsFromJarTest {
    @Test
    void anEntryIsReadFromTheJarByteForByte(@TempDir Path dir) throws Exception {
        File jar = dir.resolve("sluice.jar").toFile();
        byte[] script = "#!/bin/sh\nset -eu\necho 'wäit — for it'\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        try (ZipOutputStream out = new ZipOutputStream(new FileOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("dev/sluice/weave/gate.sh"));
            out.write(script);
            out.closeEntry();
        }
        assertArrayEquals(script, Scripts.entry(jar, "dev/sluice/weave/gate.sh"));
        assertNull(Scripts.entry(jar, "dev/sluice/weave/missing.sh"));
    }

    @Test
    void outsideAJarTheResourcesAreRead() throws Exception {
        try (var in = Scripts.class.getResourceAsStream("once.sh")) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), Scripts.ONCE);
        }
    }
}
