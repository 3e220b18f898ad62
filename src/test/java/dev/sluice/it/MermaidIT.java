package dev.sluice.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Mermaid diagrams sluice plan prints parse with Mermaid's own parser (node + jsdom, installed by
 * scripts/render-mermaid from pinned lock files). Rendering them with a browser is scripts/render-mermaid's
 * other job, by hand: too slow for every CI run (see the README).
 */
class MermaidIT {
    static final Path SCRIPT = Tools.PROJECT.resolve("scripts/render-mermaid");

    record Result(int exit, String out) {
    }

    static Result check(Path... files) throws Exception {
        String[] command = new String[files.length + 2];
        command[0] = SCRIPT.toString();
        command[1] = "--check";
        for (int i = 0; i < files.length; i++) {
            command[i + 2] = files[i].toString();
        }
        Process p = new ProcessBuilder(command).directory(Tools.PROJECT.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "render-mermaid --check timed out");
        return new Result(p.exitValue(), out);
    }

    @Test
    void theGoldenDiagramsParse(@TempDir Path tmp) throws Exception {
        Tools.requireTool("node/npm", Tools.which("node") != null && Tools.which("npm") != null,
                "scripts/render-mermaid parses the diagrams with Mermaid's own parser on node (install Node.js 18+ with npm)");
        Path broken = tmp.resolve("broken.mmd");
        Files.writeString(broken, "flowchart TD\n  s1[\"unclosed] --> s2\n");
        Result result = check(Tools.PROJECT.resolve("testdata/plan-example-mermaid/expected.mmd"),
                Tools.PROJECT.resolve("testdata/plan-example-mermaid-honoured/expected.mmd"),
                Tools.PROJECT.resolve("testdata/plan-example-scale-down-mermaid/expected.mmd"), broken);
        assertEquals(1, result.exit(), "the broken diagram must fail, so the parser really ran:\n" + result.out());
        assertTrue(result.out().contains("ok " + Tools.PROJECT.resolve("testdata/plan-example-mermaid/expected.mmd") + ": flowchart"), result.out());
        assertTrue(result.out().contains("ok " + Tools.PROJECT.resolve("testdata/plan-example-mermaid-honoured/expected.mmd") + ": flowchart"), result.out());
        assertTrue(result.out().contains("ok " + Tools.PROJECT.resolve("testdata/plan-example-scale-down-mermaid/expected.mmd") + ": flowchart"), result.out());
        assertTrue(result.out().contains("FAIL " + broken), result.out());
    }
}
