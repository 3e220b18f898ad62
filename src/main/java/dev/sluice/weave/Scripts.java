package dev.sluice.weave;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The shell scripts the generated containers run, kept as resources so they can be tested alone: here the gate's, the
 * record's and the migration's own; a strategy keeps its scripts in its class.
 */
public final class Scripts {
    /** Where a script says so, the reading of the migration Job that the gate and the record Job share. */
    static final String JOB_STATE_MARK = "# sluice: job_state\n";
    private static final String JOB_STATE = load("job-state.sh");
    public static final String GATE = withJobState(load("gate.sh"));
    public static final String RECORD = withJobState(load("record.sh"));
    public static final String ONCE = load("once.sh");

    private Scripts() {
    }

    /** Every script sluice writes into a container, by its resource name (the goldens name them by digest). */
    public static java.util.Map<String, String> all() {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("gate.sh", GATE);
        all.put("record.sh", RECORD);
        all.put("once.sh", ONCE);
        all.put("quiesce.sh", Quiesce.QUIESCE_SCRIPT);
        all.put("restore.sh", ScaleDown.RESTORE_SCRIPT);
        all.put("old-pods.sh", ScaleDown.OLD_PODS_SCRIPT);
        all.put("after-old-pods.sh", ScaleDown.AFTER_OLD_PODS_SCRIPT);
        return all;
    }

    private static String withJobState(String script) {
        if (!script.contains(JOB_STATE_MARK)) {
            throw new IllegalStateException("no '" + JOB_STATE_MARK.trim() + "' line in " + script.lines().findFirst().orElse(""));
        }
        return script.replace(JOB_STATE_MARK, JOB_STATE);
    }

    /** A script beside the classes of this package (a strategy loads its own). */
    static String load(String name) {
        try {
            byte[] fromJar = fromJar(name);
            if (fromJar != null) {
                return new String(fromJar, StandardCharsets.UTF_8);
            }
            try (InputStream in = Scripts.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The script read straight from the jar these classes come from (null when they do not come from a jar: tests).
     * A resource lookup would first search the JDK's own modules (opening the runtime image, which the class archive
     * otherwise spares a run) and then go through a jar: URL connection: ~10 ms of a small chart's run. The JDK shares
     * the open jar's central directory with the class loader, so opening it again costs nothing.
     */
    private static byte[] fromJar(String name) throws IOException {
        java.security.CodeSource code = Scripts.class.getProtectionDomain().getCodeSource();
        if (code == null || !"file".equals(code.getLocation().getProtocol()) || !code.getLocation().getPath().endsWith(".jar")) {
            return null;
        }
        java.io.File jar;
        try {
            jar = new java.io.File(code.getLocation().toURI());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        return entry(jar, Scripts.class.getPackageName().replace('.', '/') + "/" + name);
    }

    /** One entry of a jar, or null. */
    static byte[] entry(java.io.File jar, String path) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar)) {
            java.util.zip.ZipEntry entry = zip.getEntry(path);
            if (entry == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }
}
