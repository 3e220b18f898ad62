package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.Sluice;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sluice check on the command line: one finding a line, exit codes, --strict, JSON. */
class CheckCommandTest {
    static final String ROLLED_OUT = Path.of("testdata/example-rolling/input.yaml").toString();
    static final String TIED = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: b, annotations: {helm.sh/hook: pre-upgrade}}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: a, annotations: {helm.sh/hook: pre-upgrade}}
            """;

    @Test
    void errorsFailWithOneFindingALine() throws Exception {
        Sluice.Run run = Sluice.run(Files.readAllBytes(Path.of(ROLLED_OUT)), Map.of(), "check", "-c", "charts-example/sluice.yaml");
        assertEquals(1, run.exit(), run.err());
        assertEquals(3, run.out().lines().count(), run.out());
        assertTrue(run.out().lines().allMatch(l -> l.startsWith("SLU002 error: document ")), run.out());
        assertTrue(run.err().contains("sluice check: 3 errors, 0 warnings in 9 documents"), run.err());
    }

    @Test
    void sluiceOutputPasses() throws Exception {
        Sluice.Run woven = Sluice.run(Files.readAllBytes(Path.of(ROLLED_OUT)), Map.of(), "-c", "charts-example/sluice.yaml");
        Sluice.Run run = Sluice.run(woven.out().getBytes(), Map.of(), "check", "-c", "charts-example/sluice.yaml", "--strict");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("no findings"), run.err());
    }

    @Test
    void warningsPassUnlessStrict() {
        Sluice.Run run = Sluice.run(TIED, "check");
        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("SLU006 warning: document 1 Job/b metadata.annotations.helm.sh/hook-weight: runs after Job/a"), run.out());
        assertTrue(run.err().contains("(passes; --strict fails on warnings)"), run.err());
        assertEquals(1, Sluice.run(TIED, "check", "--strict").exit());
    }

    @Test
    void jsonFindingsCarryKrmFields() throws Exception {
        Sluice.Run run = Sluice.run(TIED, "check", "-o", "json");
        JsonNode finding = new ObjectMapper().readTree(run.out()).get(0);
        assertEquals("SLU006", finding.path("rule").asText());
        assertEquals("warning", finding.path("severity").asText());
        assertEquals("batch/v1", finding.path("resourceRef").path("apiVersion").asText());
        assertEquals("Job", finding.path("resourceRef").path("kind").asText());
        assertEquals("b", finding.path("resourceRef").path("name").asText());
        assertEquals("metadata.annotations.helm.sh/hook-weight", finding.path("field").path("path").asText());
        assertEquals(1, finding.path("file").path("document").asInt());
    }

    @Test
    void rulesAreListed() {
        Sluice.Run run = Sluice.run("", "check", "--rules");
        assertEquals(0, run.exit());
        assertEquals(12, run.out().lines().count(), run.out());
        assertTrue(run.out().startsWith("SLU001 error   maxSurge and maxUnavailable both 0"), run.out());
    }

    @Test
    void badInputIsAnErrorNotAFinding() {
        Sluice.Run run = Sluice.run("a: [", "check");
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("sluice: error: document 1"), run.err());
        Sluice.Run usage = Sluice.run("", "check", "-o", "yaml");
        assertEquals(2, usage.exit());
        assertTrue(usage.err().contains("--output must be text or json, not 'yaml'"), usage.err());
    }
}
