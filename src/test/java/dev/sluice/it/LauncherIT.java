package dev.sluice.it;

import dev.sluice.it.Tools.Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged launcher: the class archive made at build time is really used by the JVM it was made for
 * (-Xshare:on, -XX:AOTMode=on fail when it is not), a JVM without a usable archive still prints nothing
 * but the stream on stdout, and hostile inputs end in one clean error within a small heap.
 */
class LauncherIT {
    private static final Path INPUT = Tools.PROJECT.resolve("testdata/example-rolling/input.yaml");
    private static final List<String> RENDER = List.of("--quiet", "--config=" + Tools.PLAN);

    private static Result sluice(Path home, Map<String, String> env, Path stdin, List<String> args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/sluice").toString()));
        command.addAll(args);
        return Tools.run(command, env, stdin);
    }

    private static String runtimeVersion(Path javaHome) throws IOException {
        for (String line : Files.readAllLines(javaHome.resolve("release"))) {
            if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
                return line.substring(line.indexOf('=') + 1).replace("\"", "").strip();
            }
        }
        throw new IllegalStateException("no JAVA_RUNTIME_VERSION in " + javaHome.resolve("release"));
    }

    private static String reference() {
        Result plain = sluice(Tools.HOME, Map.of("SLUICE_JAVA", System.getProperty("java.home") + "/bin/java",
                "SLUICE_JAVA_OPTS", "-Xshare:off"), INPUT, RENDER);
        assertEquals(0, plain.exit(), plain.describe());
        return plain.out();
    }

    @Test
    void theBuildJvmUsesItsClassDataArchive(@TempDir Path tmp) throws IOException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path archive = Tools.HOME.resolve("lib/cds/" + runtimeVersion(javaHome) + ".jsa");
        assertTrue(Files.isRegularFile(archive), "the build makes " + archive);
        Path log = tmp.resolve("classes.log");
        Result run = sluice(Tools.HOME, Map.of("SLUICE_JAVA", javaHome.resolve("bin/java").toString(),
                "SLUICE_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + log), INPUT, RENDER);
        assertEquals(0, run.exit(), "-Xshare:on fails when the archive cannot be mapped:\n" + run.describe());
        assertEquals(reference(), run.out(), "the same stream, and nothing else, on stdout");
        String classes = Files.readString(log);
        assertTrue(classes.contains("dev.sluice.cli.Main source: shared objects file"), "sluice's classes come from the archive");
        // what start-up no longer pays for on a render (docs/performance.md): a class of each coming back fails here
        for (String absent : List.of("picocli.", "com.fasterxml.jackson.databind.ObjectMapper ", "jdk.proxy",
                "sun.security.provider.Sun ", "java.lang.runtime.ObjectMethods ", "jdk.internal.jimage.ImageReader ")) {
            assertFalse(classes.contains("] " + absent), "a render of the example loads " + absent.strip());
        }
        Path help = tmp.resolve("help.log");
        Result version = sluice(Tools.HOME, Map.of("SLUICE_JAVA", javaHome.resolve("bin/java").toString(),
                "SLUICE_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + help), INPUT, List.of("plan", "--help"));
        assertEquals(0, version.exit(), version.describe());
        assertTrue(Files.readString(help).contains("picocli.CommandLine source: shared objects file"),
                "picocli's classes come from the archive too (compiled from source for it), for help and the subcommands");
    }

    @Test
    void aJdk25UsesItsAotCache(@TempDir Path tmp) throws IOException {
        Path jdk = Path.of(System.getProperty("sluice.aot.jdk", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        Assumptions.assumeTrue(Files.isExecutable(jdk.resolve("bin/java")), "no JDK 25 at " + jdk);
        Path cache = Tools.HOME.resolve("lib/cds/" + runtimeVersion(jdk) + ".aot");
        assertTrue(Files.isRegularFile(cache), "the build makes " + cache);
        Path log = tmp.resolve("classes.log");
        Result run = sluice(Tools.HOME, Map.of("SLUICE_JAVA", jdk.resolve("bin/java").toString(),
                "SLUICE_JAVA_OPTS", "-XX:AOTMode=on -Xlog:class+load=info:file=" + log), INPUT, RENDER);
        assertEquals(0, run.exit(), "-XX:AOTMode=on fails when the cache cannot be used:\n" + run.describe());
        assertEquals(reference(), run.out());
        assertTrue(Files.readString(log).contains("dev.sluice.cli.Main source: shared objects file"), "classes come from the cache");
    }

    private static Path copyOfTheBuild(Path tmp) throws IOException {
        Path copy = tmp.resolve("sluice");
        try (Stream<Path> files = Files.walk(Tools.HOME)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve(Tools.HOME.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    /** A JVM with no archive (a new JDK, an update): this run is plain and quiet, the next one starts from its own archive. */
    @Test
    void aJvmWithoutAnArchiveGetsOneQuietlyForItsNextRun(@TempDir Path tmp) throws Exception {
        Path copy = copyOfTheBuild(tmp);
        try (Stream<Path> archives = Files.list(copy.resolve("lib/cds"))) {
            for (Path a : (Iterable<Path>) archives::iterator) {
                Files.delete(a);
            }
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        Map<String, String> env = Map.of("SLUICE_JAVA", javaHome.resolve("bin/java").toString(), "SLUICE_NO_ARCHIVE", "");
        Result first = sluice(copy, env, INPUT, RENDER);
        assertEquals(0, first.exit(), first.describe());
        assertEquals(reference(), first.out(), "the stream, and nothing else, on stdout");
        assertEquals("", first.err(), "nothing about the archive on stderr");
        Path archive = copy.resolve("lib/cds/" + runtimeVersion(javaHome) + ".jsa");
        Path lock = copy.resolve("lib/cds/" + runtimeVersion(javaHome) + ".training");
        for (int wait = 0; wait < 1200 && (Files.exists(lock) || !Files.exists(archive)); wait++) {
            Thread.sleep(100); // the background training run: a few seconds on a busy machine
        }
        assertTrue(Files.isRegularFile(archive), "the training run wrote " + archive);
        try (Stream<Path> left = Files.list(copy.resolve("lib/cds"))) {
            assertEquals(java.util.Set.of(archive, Path.of(archive + ".home")), java.util.Set.copyOf(left.toList()),
                    "the archive and the directory it was made for; no partial archive, no lock left behind");
        }
        assertEquals(copy.toRealPath() + "\n", Files.readString(Path.of(archive + ".home")), "made for this directory");
        Path log = tmp.resolve("classes.log");
        Result next = sluice(copy, Map.of("SLUICE_JAVA", env.get("SLUICE_JAVA"),
                "SLUICE_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + log), INPUT, RENDER);
        assertEquals(0, next.exit(), "-Xshare:on fails when the archive cannot be mapped:\n" + next.describe());
        assertEquals(reference(), next.out());
        assertTrue(Files.readString(log).contains("dev.sluice.cli.Main source: shared objects file"), "the next run starts from it");
    }

    @Test
    void aCopiedInstallationWhoseArchiveNoLongerFitsStaysQuiet(@TempDir Path tmp) throws IOException {
        Path copy = copyOfTheBuild(tmp);
        // other paths, other modification times: the JVM refuses the archive, and must say so nowhere on stdout
        // (the archives claim the copy, so the launcher hands them to the JVM)
        try (Stream<Path> claims = Files.list(copy.resolve("lib/cds"))) {
            for (Path claim : (Iterable<Path>) claims.filter(f -> f.toString().endsWith(".home"))::iterator) {
                Files.writeString(claim, copy.toRealPath() + "\n");
            }
        }
        Files.setLastModifiedTime(copy.resolve("lib/sluice.jar"), java.nio.file.attribute.FileTime.fromMillis(0));
        Result run = sluice(copy, Map.of(), INPUT, RENDER);
        assertEquals(0, run.exit(), run.describe());
        assertEquals(reference(), run.out());
    }

    @Test
    void hostileInputsEndInOneCleanErrorWithinASmallHeap(@TempDir Path tmp) throws IOException {
        StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: laughs}\ndata:\n  l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n");
        for (int level = 1; level < 12; level++) {
            bomb.append("  l").append(level).append(": &l").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*l" + (level - 1)))).append("]\n");
        }
        String deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        byte[] nuls = new byte[32 << 20];
        byte[] head = Files.readAllBytes(INPUT);
        System.arraycopy(head, 0, nuls, 0, head.length);
        Map<String, String> cases = Map.of("bomb.yaml", "alias bomb", "deep.yaml", "nests deeper than 200 levels", "nul.yaml", "NUL byte");
        Files.writeString(tmp.resolve("bomb.yaml"), bomb);
        Files.writeString(tmp.resolve("deep.yaml"), deep);
        Files.write(tmp.resolve("nul.yaml"), nuls);
        for (Map.Entry<String, String> c : cases.entrySet()) {
            long start = System.nanoTime();
            Result run = sluice(Tools.HOME, Map.of("SLUICE_JAVA_OPTS", "-Xmx256m -Xmn64m"), tmp.resolve(c.getKey()), RENDER);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(1, run.exit(), c.getKey() + ":\n" + run.describe());
            assertEquals("", run.out(), "no partial output");
            assertTrue(run.err().startsWith("sluice: error: ") && run.err().indexOf('\n') == run.err().length() - 1
                    && run.err().contains(c.getValue()), c.getKey() + ": one clean line naming the problem:\n" + run.describe());
            assertTrue(seconds < 60, c.getKey() + " took " + seconds + " s");
        }
    }

    @Test
    void argumentsAreUtf8WhateverTheLocale(@TempDir Path tmp) throws IOException {
        Path input = tmp.resolve("input.yaml");
        Files.writeString(input, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n"
                + "  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n"
                + "    spec:\n      containers: [{name: api, image: example/api:1}]\n");
        String java = Path.of(System.getProperty("java.home")).toString();
        // the argument's bytes come from a script file written as UTF-8: this JVM may itself run under a locale whose
        // charset is ASCII (a newcomer's `env -i`), and would then pass "caf?-?" on a command line of its own
        Path script = tmp.resolve("run.sh");
        Files.writeString(script, "exec \"$@\" --quiet --target api --command 'migrate --label café-ü' -f '" + input + "'\n",
                StandardCharsets.UTF_8);
        // env -i: no LANG, no LC_*: the C locale, whose charset is ASCII
        List<String> command = List.of("env", "-i", "PATH=/usr/bin:/bin", "JAVA_HOME=" + java, "sh", script.toString(),
                Tools.LAUNCHER.toString());
        Result run = Tools.run(command, Map.of(), null);
        assertEquals(0, run.exit(), run.describe());
        assertTrue(run.out().contains("café-ü"), "the argument arrives as written:\n" + run.describe());
        assertTrue(!run.out().contains("\uFFFD"), run.describe());
    }

    /** SIGTERM while -o is being written: the shutdown hook removes the temp file, the target stays as it was. */
    @Test
    void aSignalWhileWritingOutputLeavesNoTempFile(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("input.yaml");
        StringBuilder stream = new StringBuilder("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n"
                + "  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n"
                + "    spec:\n      containers: [{name: api, image: example/api:1}]\n");
        String filler = "x".repeat(1000);
        for (int i = 0; i < 60_000; i++) {
            stream.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c").append(i).append("}\ndata: {k: ").append(filler).append("}\n");
        }
        Files.writeString(input, stream);
        Path out = tmp.resolve("out.yaml");
        boolean caught = false;
        for (int attempt = 0; attempt < 3 && !caught; attempt++) {
            Files.writeString(out, "before\n");
            Process p = new ProcessBuilder(Tools.LAUNCHER.toString(), "--quiet", "--target", "api", "--command", "migrate",
                    "-f", input.toString(), "-o", out.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
            while (p.isAlive() && !caught) {
                try (Stream<Path> files = Files.list(tmp)) {
                    caught = files.anyMatch(f -> f.getFileName().toString().endsWith(".sluice-tmp"));
                }
                if (caught) {
                    p.destroy(); // SIGTERM
                }
            }
            p.waitFor();
        }
        assertTrue(caught, "saw the temp file while sluice wrote (three tries)");
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".sluice-tmp")).toList(),
                    "the shutdown hook removed the temp file");
        }
        String now = Files.readString(out);
        assertTrue(now.equals("before\n") || now.startsWith("apiVersion: apps/v1"), "the target is the old file or the whole new one");
    }
}
