package dev.sluice.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real binaries the integration tests run: Helm 3, Helm 4 and kubectl 1.35, as
 * {@code scripts/fetch-tools --env} found them (the build writes its output to target/tools.env).
 * A tool that is missing or of the wrong version fails the test; nothing is ever skipped.
 */
final class Tools {
    static final Path PROJECT = Path.of(required("sluice.project", ".")).toAbsolutePath().normalize();
    static final Path HOME = Path.of(required("sluice.home", PROJECT.resolve("target/sluice").toString())).toAbsolutePath().normalize();
    static final Path LAUNCHER = HOME.resolve("bin/sluice");
    static final Path CHART = PROJECT.resolve("charts-example");
    static final Path PLAN = CHART.resolve("sluice.yaml");

    private static Map<String, String> resolved;

    private Tools() {
    }

    private static String required(String property, String fallback) {
        return System.getProperty(property, fallback);
    }

    static Path helm3() {
        return tool("SLUICE_HELM3", "v3.");
    }

    static Path helm4() {
        return tool("SLUICE_HELM4", "v4.");
    }

    static Path kubectl() {
        return tool("SLUICE_KUBECTL", "v1.35.");
    }

    /**
     * kpt 1.x. scripts/fetch-tools does not fetch it (no pinned package holds it): it is found through
     * SLUICE_KPT (-D or environment), else on PATH. Missing, the tests are skipped loudly (they fail under CI=true).
     */
    static synchronized Path kpt() {
        String configured = System.getProperty("SLUICE_KPT", System.getenv("SLUICE_KPT"));
        Path bin = configured != null && !configured.isBlank() ? Path.of(configured) : onPath("kpt");
        if (configured != null && !configured.isBlank() && !Files.isExecutable(bin)) {
            fail("SLUICE_KPT=" + bin + " is not an executable file");
        }
        requireTool("kpt", bin != null, "the KRM function tests run the real kpt. Install kpt 1.x"
                + " (https://kpt.dev/installation/kpt-cli/: the kpt_linux_amd64 binary of a v1.0.0 release, as kpt on PATH)"
                + " or set SLUICE_KPT=/path/to/kpt");
        Result version = run(List.of(bin.toString(), "version"), Map.of(), null);
        String v = version.out().trim();
        if (version.exit() != 0 || !(v.startsWith("1.") || v.startsWith("v1."))) {
            fail(bin + " is not kpt 1.x: `kpt version` said (exit " + version.exit() + "): " + version.both());
        }
        return bin;
    }

    /**
     * A tool that a machine with only a JDK and curl lacks and scripts/fetch-tools cannot fetch (kpt, node): missing,
     * the test is skipped with a loud WARNING in the build output; under CI=true (CI has them all) it fails.
     */
    static void requireTool(String name, boolean present, String why) {
        if (present) {
            return;
        }
        String message = name + " is not installed: " + why;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (required when CI=true)");
        }
        System.err.println("[WARNING] SKIPPED, " + message + " (skipped here; required when CI=true)");
        org.junit.jupiter.api.Assumptions.abort(message);
    }

    /** The file {@code name} on PATH, or null. */
    static Path which(String name) {
        return onPath(name);
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Checks that the build output the tests drive exists. */
    static void assertBuilt() {
        assertTrue(Files.isExecutable(LAUNCHER), "no sluice launcher at " + LAUNCHER + ": run ./mvnw package first");
        assertTrue(Files.isRegularFile(HOME.resolve("plugin.yaml")), "no Helm 4 plugin.yaml in " + HOME);
    }

    private static synchronized Path tool(String key, String versionPrefix) {
        if (resolved == null) {
            resolved = load();
        }
        String value = resolved.get(key);
        if (value == null || value.isBlank()) {
            fail(key + " is not known: run `scripts/fetch-tools --env > target/tools.env` (or ./mvnw verify,"
                    + " which does it), or set " + key + " / -D" + key + "=<path>; " + source());
        }
        Path bin = Path.of(value);
        if (!Files.isExecutable(bin)) {
            fail(key + "=" + value + " is not an executable file (" + source() + ")");
        }
        String probe = key.equals("SLUICE_KUBECTL") ? "kubectl" : "helm";
        Result version = probe.equals("helm")
                ? run(List.of(bin.toString(), "version", "--short"), Map.of(), null)
                : run(List.of(bin.toString(), "version", "--client"), Map.of(), null);
        String out = version.out().replace("Client Version: ", "").trim();
        if (version.exit() != 0 || !out.startsWith(versionPrefix)) {
            fail(key + "=" + value + " is not " + probe + " " + versionPrefix + "x: `version` said (exit "
                    + version.exit() + "): " + version.out() + version.err());
        }
        return bin;
    }

    private static String source() {
        return "tools file " + envFile() + (Files.exists(envFile()) ? "" : " (missing)");
    }

    private static Path envFile() {
        return Path.of(System.getProperty("sluice.tools.env", PROJECT.resolve("target/tools.env").toString()));
    }

    /** -Dkey, else target/tools.env, else the environment variable. */
    private static Map<String, String> load() {
        Map<String, String> out = new HashMap<>();
        for (String key : List.of("SLUICE_HELM3", "SLUICE_HELM4", "SLUICE_KUBECTL")) {
            String env = System.getenv(key);
            if (env != null && !env.isBlank()) {
                out.put(key, env);
            }
        }
        Path file = envFile();
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int eq = line.indexOf('=');
                    if (eq > 0 && line.startsWith("SLUICE_")) {
                        out.put(line.substring(0, eq).trim(), unquote(line.substring(eq + 1).trim()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        for (String key : List.of("SLUICE_HELM3", "SLUICE_HELM4", "SLUICE_KUBECTL")) {
            String prop = System.getProperty(key);
            if (prop != null && !prop.isBlank()) {
                out.put(key, prop);
            }
        }
        return out;
    }

    /** Undoes the shell quoting fetch-tools applies (printf %q) to unusual paths. */
    static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    record Result(List<String> command, int exit, String out, String err) {
        String both() {
            return out + err;
        }

        /** For assertion messages: the command and what it printed. */
        String describe() {
            return "$ " + String.join(" ", command) + "\nexit " + exit + "\n--- stdout ---\n" + cut(out)
                    + "\n--- stderr ---\n" + cut(err);
        }

        private static String cut(String s) {
            return s.length() > 6000 ? s.substring(0, 6000) + "\n[... " + (s.length() - 6000) + " more chars]" : s;
        }
    }

    /**
     * Runs a command; {@code env} entries are added to the inherited environment (a null value removes
     * the variable). Inherited HELM_* and KUBECONFIG never leak in: each caller sets its own.
     */
    static Result run(List<String> command, Map<String, String> env, Path stdin) {
        try {
            Path outFile = Files.createTempFile("sluice-it", ".out");
            Path errFile = Files.createTempFile("sluice-it", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectOutput(outFile.toFile())
                        .redirectError(errFile.toFile())
                        .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                                : ProcessBuilder.Redirect.from(stdin.toFile()));
                Map<String, String> e = pb.environment();
                e.keySet().removeIf(k -> k.startsWith("HELM_") || k.equals("KUBECONFIG"));
                if (e.get("JAVA_HOME") == null) {
                    // the launcher uses $JAVA_HOME/bin/java, else `java` on PATH: give it the JDK running the tests
                    e.put("JAVA_HOME", System.getProperty("java.home"));
                }
                // no background training run writing into a test's temp directory while it is deleted
                // (LauncherIT turns it on where it tests it)
                e.putIfAbsent("SLUICE_NO_ARCHIVE", "1");
                env.forEach((k, v) -> {
                    if (v == null) {
                        e.remove(k);
                    } else {
                        e.put(k, v);
                    }
                });
                Process p = pb.start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("timed out after 120 s: " + String.join(" ", command));
                }
                return new Result(List.copyOf(command), p.exitValue(), Files.readString(outFile), Files.readString(errFile));
            } finally {
                Files.deleteIfExists(outFile);
                Files.deleteIfExists(errFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An isolated Helm installation: its own data, config and cache homes, and no cluster. */
    static final class HelmHome {
        private final Path helm;
        private final Map<String, String> env = new HashMap<>();

        HelmHome(Path helm, Path dir) {
            this.helm = helm;
            try {
                for (String sub : List.of("data", "config", "cache")) {
                    Files.createDirectories(dir.resolve(sub));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            env.put("HELM_DATA_HOME", dir.resolve("data").toString());
            env.put("HELM_CONFIG_HOME", dir.resolve("config").toString());
            env.put("HELM_CACHE_HOME", dir.resolve("cache").toString());
            env.put("KUBECONFIG", dir.resolve("no-kubeconfig").toString());
        }

        Result helm(String... args) {
            return helm(Map.of(), args);
        }

        /** helm with more environment (PATH, for one) on top of this home's. */
        Result helm(Map<String, String> extra, String... args) {
            List<String> cmd = new ArrayList<>();
            cmd.add(helm.toString());
            cmd.addAll(List.of(args));
            Map<String, String> all = new HashMap<>(env);
            all.putAll(extra);
            return run(cmd, all, null);
        }

        /** The environment that points helm at this home (for scripts that run helm themselves). */
        Map<String, String> env() {
            return Map.copyOf(env);
        }

        Path binary() {
            return helm;
        }

        /** Runs helm and fails the test, showing its output, unless it exits 0. */
        Result ok(String... args) {
            Result r = helm(args);
            if (r.exit() != 0) {
                fail("helm failed:\n" + r.describe());
            }
            return r;
        }
    }
}
