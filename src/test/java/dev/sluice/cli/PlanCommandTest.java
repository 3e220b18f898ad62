package dev.sluice.cli;

import dev.sluice.Sluice;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sluice plan on the command line (the outputs themselves are golden cases: testdata/plan-*). */
class PlanCommandTest {
    static byte[] example() throws Exception {
        return Files.readAllBytes(Path.of("testdata/example-rolling/input.yaml"));
    }

    @Test
    void textFitsEightyColumns() throws Exception {
        for (String hooks : new String[]{"--hooks=ignored", "--hooks=honoured"}) {
            Sluice.Run run = Sluice.run(example(), Map.of(), "plan", "-c", "charts-example/sluice.yaml", hooks);
            assertEquals(0, run.exit(), run.err());
            run.out().lines().forEach(l -> assertTrue(l.length() <= 80 || !l.strip().contains(" "), "longer than 80: " + l));
            assertFalse(run.out().contains("\u001b["), "no colour when stdout is not a terminal");
        }
    }

    @Test
    void colourOnlyWhenAskedOrOnATerminal() throws Exception {
        Sluice.Run always = Sluice.run(example(), Map.of(), "plan", "-c", "charts-example/sluice.yaml", "--color=always");
        assertTrue(always.out().contains("\u001b[1m"), always.out());
        always.out().lines().forEach(l -> assertTrue(l.replaceAll("\u001b\\[[0-9;]*m", "").length() <= 80 || !l.strip().contains(" "),
                "escapes must not count towards the width: " + l));
        Sluice.Run noColor = Sluice.run(example(), Map.of("NO_COLOR", "1"), "plan", "-c", "charts-example/sluice.yaml");
        assertFalse(noColor.out().contains("\u001b["));
    }

    @Test
    void withoutAPlanTheStreamIsShownAsItIs() throws Exception {
        Sluice.Run woven = Sluice.run(example(), Map.of(), "-c", "charts-example/sluice.yaml", "--hooks=honoured");
        Sluice.Run run = Sluice.run(woven.out().getBytes(), Map.of(), "plan", "--hooks=honoured");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("weight -10  Job/shop-api-migrate"), run.out());
        assertTrue(run.out().contains("no plan given"), run.out());
        Sluice.Run withPlan = Sluice.run(example(), Map.of(), "plan", "-c", "charts-example/sluice.yaml", "--hooks=honoured");
        assertEquals(withPlan.out().lines().filter(l -> !l.contains("no plan given")).count(),
                withPlan.out().lines().count(), "woven in memory, the same steps");
    }

    @Test
    void usageErrors() throws Exception {
        Sluice.Run run = Sluice.run(example(), Map.of(), "plan", "-c", "charts-example/sluice.yaml", "-o", "svg");
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().contains("--output must be text, mermaid or json, not 'svg'"), run.err());
        Sluice.Run badPlan = Sluice.run(example(), Map.of(), "plan", "-c", "testdata/bad-plan-strategy-typo/plan.yaml");
        assertEquals(1, badPlan.exit());
        assertTrue(badPlan.err().contains("unknown strategy 'scale-dwon'"), badPlan.err());
    }
}
