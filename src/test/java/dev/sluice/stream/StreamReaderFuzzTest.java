package dev.sluice.stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer on the stream reader: any bytes end either in a clean error (a StreamException with a message a
 * person can read, nothing else) or in documents that give the input back byte for byte and whose trees
 * survive being written and read again; a document the quick {@link BlockStyleCheck} proves is one that
 * SnakeYAML accepts too. Seeds: every testdata/&#42;/input.yaml (copied at build time).
 * The test phase fuzzes for a bounded time (JAZZER_FUZZ=1, pom.xml), libFuzzer's output going to {@value #LOG};
 * otherwise it replays the seeds. A finding fails the build with a message naming that log.
 */
class StreamReaderFuzzTest {

    /** Where the fuzz execution's fork writes libFuzzer's own output (pom.xml, its working directory is target/fuzz). */
    static final String LOG = "target/fuzz/jazzer.log";

    @FuzzTest(maxDuration = "60s")
    void readValidateParseWrite(byte[] input) {
        try {
            check(input);
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("finding: " + e + "; libFuzzer's log, with the file it saved this input to: " + LOG, e);
        }
    }

    private static void check(byte[] input) {
        List<Document> docs;
        try {
            docs = StreamReader.read(input);
            for (Document doc : docs) {
                if (!doc.empty() && doc.plainBlockStyle()) {
                    assertDoesNotThrow(() -> YamlTrees.validateFully(doc), () -> "the quick check proved a document that SnakeYAML refuses:\n" + doc.text());
                }
            }
            YamlTrees.validateAll(docs);
            for (Document doc : docs) {
                doc.tree();
            }
        } catch (StreamException e) {
            // any other exception is a finding: it would reach the user as an internal error
            String message = e.getMessage();
            assertTrue(message != null && message.length() > 10, "an error says what is wrong: " + message);
            return;
        }
        boolean bom = input.length >= 3 && (input[0] & 0xff) == 0xef && (input[1] & 0xff) == 0xbb && (input[2] & 0xff) == 0xbf;
        String text = new String(input, bom ? 3 : 0, input.length - (bom ? 3 : 0), StandardCharsets.UTF_8);
        assertEquals(text, StreamWriter.write(docs), "untouched documents must come out byte for byte");
        for (Document doc : docs) {
            if (doc.empty()) {
                continue;
            }
            ObjectNode tree = doc.tree().orElseThrow();
            String written = YamlTrees.write(tree);
            List<Document> back = StreamReader.split(written);
            assertEquals(1, back.size(), () -> "one document, written:\n" + written);
            assertEquals(tree, back.get(0).tree().orElseThrow(), () -> "written and read again, the tree must not change:\n" + written);
        }
    }
}
