package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link YamlTrees#write} walks a tree through the YAML generator itself; it must write what Jackson's
 * ObjectMapper, over the same generator settings (as sluice wrote before), writes for the same tree: every node type, the
 * scalars that need quoting, long and multi-line texts, empty containers, nesting.
 */
class TreeWriterProperties {
    /** Jackson's ObjectMapper over a copy of the generator settings sluice writes with: the writer before TreeOut. */
    private static final YAMLMapper MAPPER = new YAMLMapper(YamlTrees.WRITER.copy());
    private static final List<String> TEXTS = List.of("0", "yes", "yEs", "0o17", "12:30", "1e3", "~", "25%", "10m", "-c",
            "ghcr.io/example/app:1.0", "a: b", "x #y", "---", "", " lead", "tail ", "null", "on", "2024-01-01",
            "multi\nline", "multi\nline\n", "é", "plain words", "\"quoted\"", "'single'", "tab\there", "#!/bin/sh\nset -eu\n",
            "x".repeat(300), "word ".repeat(80), "{a: 1}", "[1]", "*alias", "&anchor", "!tag", "%", "@at", "`tick`", "\u2028",
            "key:", "- item", "? q", "|", ">", "0x1F", ".inf", "-.5", "+1", "1_000");

    @Property(tries = 300)
    void theWalkWritesWhatTheMapperWrites(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        RandomTrees trees = new RandomTrees(random, TEXTS);
        JsonNode tree = random.nextInt(10) == 0 ? trees.value(0) : trees.object(0);
        assertEquals(MAPPER.writeValueAsString(tree), YamlTrees.write(tree), "seed " + seed);
    }

    @Property(tries = 50)
    void documentsAsReadAreWrittenAsTheMapperWritesThem(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            String text = TEXTS.get(random.nextInt(TEXTS.size()));
            if (!text.contains("\n") && !text.contains("\u2028")) {
                yaml.append("k").append(i).append(": ").append(text).append('\n');
            }
        }
        JsonNode tree;
        try {
            tree = StreamReader.read(yaml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).get(0).tree().orElse(null);
        } catch (StreamException e) {
            return;
        }
        if (tree != null) {
            assertEquals(MAPPER.writeValueAsString(tree), YamlTrees.write(tree), "seed " + seed + ":\n" + yaml);
        }
    }
}
