package dev.sluice.timeline;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's pictures are of today's diagrams: docs/*.mmd are the golden outputs the SVGs were rendered from. */
class DocsPicturesTest {
    @Test
    void docsDiagramsMatchTheGoldenOnes() throws Exception {
        String[][] pairs = {{"docs/example-upgrade-helm4", "testdata/plan-example-mermaid-honoured/expected.mmd"},
                {"docs/example-upgrade-helm3", "testdata/plan-example-mermaid/expected.mmd"},
                {"docs/example-upgrade-scale-down", "testdata/plan-example-scale-down-mermaid/expected.mmd"}};
        for (String[] pair : pairs) {
            assertEquals(Files.readString(Path.of(pair[1])), Files.readString(Path.of(pair[0] + ".mmd")),
                    pair[0] + ".mmd is stale: run scripts/render-mermaid --docs and commit docs/");
            String svg = Files.readString(Path.of(pair[0] + ".svg"));
            assertTrue(svg.startsWith("<svg") && svg.contains("shop-api-migrate"), pair[0] + ".svg");
        }
    }
}
