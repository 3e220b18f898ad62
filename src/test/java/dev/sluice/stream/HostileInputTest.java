package dev.sluice.stream;

import dev.sluice.Sluice;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs too big or too strange for a golden folder, generated here. Each must end in bounded time with
 * either the right output or one clean error line: the bound is a hang guard, not a speed target.
 */
class HostileInputTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String[] QUICK_PLAN = {"--quiet", "--target", "shop-api", "--command", "bin/migrate"};
    private static final String TARGET = """
            ---
            # Source: shop/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: shop-api
            spec:
              selector:
                matchLabels: {app: shop-api}
              template:
                metadata:
                  labels: {app: shop-api}
                spec:
                  containers:
                    - name: api
                      image: shop/api:1.0
            """;

    private static String configMap(String name, String body) {
        return "---\n# Source: shop/templates/" + name + ".yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name
                + "\n" + body;
    }

    /** A base64-like run with no blank in it: the shape that made SnakeYAML's reader quadratic. */
    private static String blob(int length) {
        StringBuilder out = new StringBuilder(length);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt((i * 31 + i / 64) % alphabet.length()));
        }
        return out.toString();
    }

    private static Sluice.Run run(String stdin) {
        return run(stdin.getBytes(StandardCharsets.UTF_8));
    }

    private static Sluice.Run run(byte[] stdin) {
        return assertTimeoutPreemptively(BOUND, () -> Sluice.run(stdin, Map.of(), QUICK_PLAN),
                "sluice must finish (with output or a clean error) within " + BOUND.toSeconds() + " s");
    }

    private static void assertWoven(Sluice.Run run) {
        assertEquals(0, run.exit(), "exit; stderr: " + abbreviate(run.err()));
        assertTrue(run.out().contains("sluice-wait"), "the target must be gated");
    }

    private static void assertCleanError(Sluice.Run run, String... fragments) {
        assertEquals(1, run.exit(), "exit; stderr: " + abbreviate(run.err()));
        assertEquals("", run.out(), "no partial output on error");
        String err = run.err();
        assertTrue(err.startsWith("sluice: error: ") && err.indexOf('\n') == err.length() - 1,
                "one line starting with 'sluice: error: ', was: " + abbreviate(err));
        assertTrue(!err.contains("Exception") && !err.contains("\tat "), "no Java exception: " + abbreviate(err));
        assertTrue(err.length() < 2_000, "the message must not echo the input: " + err.length() + " characters");
        for (String fragment : fragments) {
            assertTrue(err.contains(fragment), "stderr lacks: " + fragment + "\nstderr was: " + abbreviate(err));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 2_000 ? s : s.substring(0, 2_000) + "...";
    }

    @Test
    void fourMegabyteLineInAnUntouchedDocument() {
        String line = "  payload: " + blob(4 << 20) + "\n";
        String input = configMap("blob", "binaryData:\n" + line) + TARGET;
        Sluice.Run run = run(input);
        assertWoven(run);
        assertTrue(run.out().startsWith(configMap("blob", "binaryData:\n" + line)), "the untouched document keeps its text");
    }

    @Test
    void fourMegabyteQuotedLineInTheTarget() {
        String value = blob(4 << 20);
        String input = TARGET.replace("  name: shop-api\n", "  name: shop-api\n  annotations:\n    checksum/blob: \"" + value + "\"\n");
        Sluice.Run run = run(input);
        assertWoven(run);
        assertTrue(run.out().contains(value), "the re-serialised target keeps its 4 MB annotation");
    }

    @Test
    void fourMegabyteLineWithABadEscapeAtItsEnd() {
        String input = configMap("blob", "data:\n  payload: \"" + blob(4 << 20) + "\\q\"\n") + TARGET;
        assertCleanError(run(input), "document 1 (shop/templates/blob.yaml) ConfigMap/blob", "in data.payload", "escape");
    }

    @Test
    void twoHundredThousandTinyDocuments() {
        StringBuilder input = new StringBuilder(TARGET);
        for (int i = 0; i < 200_000; i++) {
            input.append("---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: c").append(i).append("}\n");
        }
        Sluice.Run run = run(input.toString());
        assertWoven(run);
        String tail = input.substring(TARGET.length());
        assertTrue(run.out().contains(tail), "the 200,000 untouched documents come out in order, unchanged");
    }

    @Test
    void twentyMegabyteDocument() {
        StringBuilder data = new StringBuilder("data:\n");
        String value = blob(200);
        for (int i = 0; data.length() < 20 << 20; i++) {
            data.append("  key-").append(i).append(": \"").append(value).append("\"\n");
        }
        String big = configMap("big", data.toString());
        Sluice.Run run = run(big + TARGET);
        assertWoven(run);
        assertTrue(run.out().startsWith(big), "the untouched 20 MB document keeps its text");
    }

    @Test
    void tenThousandLevelsOfFlowNesting() {
        String deep = "x: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        assertCleanError(run(configMap("deep", deep) + TARGET), "ConfigMap/deep", "nests deeper than 200 levels");
    }

    @Test
    void tenThousandLevelsOfFlowMappings() {
        String deep = "x: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n";
        assertCleanError(run(TARGET + configMap("deep", deep)), "document 2", "ConfigMap/deep", "nests deeper than 200 levels");
    }

    @Test
    void tenThousandLevelsOfBlockSequences() {
        String deep = "x:\n  " + "- ".repeat(10_000) + "1\n";
        assertCleanError(run(configMap("deep", deep) + TARGET), "ConfigMap/deep", "nests deeper than 200 levels");
    }

    @Test
    void oneMegabyteOfNulBytes() {
        byte[] head = TARGET.getBytes(StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(head, head.length + (1 << 20));
        assertCleanError(run(input), "document 1 (shop/templates/deployment.yaml) Deployment/shop-api", "NUL byte");
    }

    @Test
    void oneMegabyteOfNoise() {
        byte[] noise = new byte[1 << 20];
        new java.util.Random(42).nextBytes(noise);
        noise[0] = 'x';
        assertCleanError(run(noise), "not valid UTF-8");
    }

    @Test
    void manyAliasBombsInManyDocuments() {
        StringBuilder input = new StringBuilder(TARGET);
        for (int d = 0; d < 1_000; d++) {
            input.append(configMap("ok-" + d, "data:\n  a: &a x\n  b: *a\n"));
        }
        StringBuilder bomb = new StringBuilder("x:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level < 12; level++) {
            bomb.append("  l").append(level).append(": &l").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*l" + (level - 1)))).append("]\n");
        }
        input.append(configMap("laughs", bomb.toString()));
        assertCleanError(run(input.toString()), "document 1002", "ConfigMap/laughs", "alias bomb");
    }
    @Test
    void duplicateKeyWithALineBreakInItsNameStaysOneLine() {
        String input = configMap("dup", "data:\n  \"a\\nb\": \"1\"\n  \"a\\nb\": \"2\"\n") + TARGET;
        assertCleanError(run(input), "ConfigMap/dup", "duplicate key 'a\\nb' in data");
    }

    @Test
    void thousandLevelsOfBlockMappings() {
        StringBuilder deep = new StringBuilder("x:\n");
        for (int level = 1; level <= 1_000; level++) {
            deep.append(" ".repeat(level)).append("k:\n");
        }
        deep.append(" ".repeat(1_001)).append("v\n");
        assertCleanError(run(TARGET + configMap("deep", deep.toString())), "document 2", "ConfigMap/deep", "nests deeper than 200 levels");
    }

    @Test
    void aliasBombInTheTargetItself() {
        StringBuilder bomb = new StringBuilder("  annotations:\n    l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level < 12; level++) {
            bomb.append("    l").append(level).append(": &l").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*l" + (level - 1)))).append("]\n");
        }
        String input = TARGET.replace("  name: shop-api\n", "  name: shop-api\n" + bomb);
        assertCleanError(run(input), "Deployment/shop-api", "alias bomb");
    }

    @Test
    void aMillionAliasesOfAScalarInAnUntouchedDocument() {
        StringBuilder many = new StringBuilder("data:\n  a: &a x\nitems:\n");
        for (int i = 0; i < 1_000_000; i++) {
            many.append("  - *a\n");
        }
        String doc = configMap("aliases", many.toString());
        Sluice.Run run = run(doc + TARGET);
        assertWoven(run);
        assertTrue(run.out().startsWith(doc), "the untouched document keeps its text");
    }

    @Test
    void twoHundredThousandKeysInOneFlowMappingOnOneLine() {
        StringBuilder flow = new StringBuilder("data: {");
        for (int i = 0; i < 200_000; i++) {
            flow.append(i == 0 ? "" : ", ").append('k').append(i).append(": v").append(i);
        }
        String doc = configMap("flow", flow.append("}\n").toString());
        Sluice.Run run = run(doc + TARGET);
        assertWoven(run);
        assertTrue(run.out().startsWith(doc), "the untouched document keeps its text");
    }

    @Test
    void carriageReturnsOnlyEndInOutputOrACleanError() {
        String input = (TARGET + configMap("mac", "data: {a: b}\n")).replace("\n", "\r").repeat(2_000);
        Sluice.Run run = run(input);
        if (run.exit() == 0) {
            assertTrue(run.out().contains("sluice-wait"), "the target must be gated");
        } else {
            assertCleanError(run);
        }
    }

    @Test
    void binaryNoiseAfterAValidStream() {
        byte[] head = (TARGET + configMap("ok", "data: {a: b}\n")).getBytes(StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(head, head.length + 4096);
        for (int i = head.length; i < input.length; i++) {
            input[i] = (byte) (0x80 | (i * 37));
        }
        assertCleanError(run(input), "document 2 (shop/templates/ok.yaml) ConfigMap/ok", "not valid UTF-8");
    }
}
