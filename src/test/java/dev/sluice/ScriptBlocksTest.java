package dev.sluice;

import dev.sluice.weave.Scripts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Goldens hold sluice's scripts as placeholders, and a script sluice writes wrong still fails the comparison. */
class ScriptBlocksTest {
    static final Path CASE = Path.of("testdata/example-rolling");
    static final String GATE_LINE = "# sluice gate: start this pod only once its revision's migration has succeeded (it reads; it never writes).";

    static String output() throws IOException {
        return Sluice.run(Files.readAllBytes(CASE.resolve("input.yaml")), java.util.Map.of(), GoldenTest.args(CASE)).out();
    }

    @Test
    void aScriptBlockIsOneLineAndComesBack() throws IOException {
        String out = output();
        String golden = ScriptBlocks.normalise(out);
        assertTrue(out.contains(GATE_LINE) && !golden.contains(GATE_LINE), "the gate's script is a placeholder");
        assertTrue(golden.contains("            - |\n              " + ScriptBlocks.placeholder("gate.sh") + "\n"), golden);
        assertEquals(out, ScriptBlocks.restore(golden));
        assertEquals(golden, GoldenTest.asGolden(out));
    }

    @Test
    void oneCharacterChangedInAScriptFailsTheComparison() throws Exception {
        String expected = Files.readString(CASE.resolve("expected.yaml"));
        String out = output();
        GoldenTest.compareStructurally(expected, GoldenTest.asGolden(out));
        String changed = out.replaceFirst("it never writes\\)", "it never writez)");
        assertNotEquals(out, changed);
        String golden = GoldenTest.asGolden(changed);
        assertTrue(golden.contains("it never writez)"), "a changed script is no placeholder: it stays in full");
        assertThrows(AssertionError.class, () -> GoldenTest.compareStructurally(expected, golden));
    }

    @Test
    void aTruncatedScriptFailsTheComparison() throws Exception {
        String expected = Files.readString(CASE.resolve("expected.yaml"));
        String out = output();
        String lastLine = Scripts.GATE.strip().lines().reduce((a, b) -> b).orElseThrow();
        int at = out.indexOf("\n              " + lastLine + "\n");
        assertTrue(at > 0, "the gate's last line in the output");
        String truncated = out.substring(0, at) + out.substring(out.indexOf('\n', at + 1));
        String golden = GoldenTest.asGolden(truncated);
        assertThrows(AssertionError.class, () -> GoldenTest.compareStructurally(expected, golden));
    }

    @Test
    void onlyABlockThatIsExactlyAScriptIsReplaced() {
        String block = Scripts.ONCE.indent(4);
        String exact = "data:\n  a: |\n" + block + "  b: x\n";
        assertEquals("data:\n  a: |\n    " + ScriptBlocks.placeholder("once.sh") + "\n  b: x\n", ScriptBlocks.normalise(exact));
        for (String other : new String[]{
                "data:\n  a: |-\n" + block + "  b: x\n",
                "data:\n  a: |\n" + block + "    echo more\n  b: x\n",
                "data:\n  a: |\n    echo before\n" + block + "  b: x\n",
                "data:\n  a: >\n" + block + "  b: x\n"}) {
            assertEquals(other, ScriptBlocks.normalise(other), "not a script's whole block");
        }
    }

    @Test
    void theDigestIsTheScriptAsContainersRunIt() {
        assertTrue(Scripts.GATE.contains("job_state"), "gate.sh carries job-state.sh");
        assertTrue(ScriptBlocks.placeholder("gate.sh").matches("<sluice script gate\\.sh sha256:[0-9a-f]{12}>"));
        assertEquals(ScriptBlocks.digest(Scripts.GATE), ScriptBlocks.placeholder("gate.sh").replaceAll(".*sha256:(\\w+)>", "$1"));
        assertNotEquals(ScriptBlocks.digest(Scripts.GATE), ScriptBlocks.digest(Scripts.GATE.replace('e', 'f')));
        String stale = "  - |\n    <sluice script gate.sh sha256:000000000000>\n";
        assertThrows(IllegalArgumentException.class, () -> ScriptBlocks.restore(stale));
    }
}
