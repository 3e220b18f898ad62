package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link YamlTrees#write} walks a tree through the YAML generator itself; it must write what Jackson's
 * ObjectMapper, configured as sluice configured it before, writes for the same tree: every node type, the
 * scalars that need quoting, long and multi-line texts, empty containers, nesting.
 */
class TreeWriterProperties {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder().stringQuotingChecker(new SafeQuoting()).build())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();
    private static final List<String> TEXTS = List.of("0", "yes", "yEs", "0o17", "12:30", "1e3", "~", "25%", "10m", "-c",
            "ghcr.io/example/app:1.0", "a: b", "x #y", "---", "", " lead", "tail ", "null", "on", "2024-01-01",
            "multi\nline", "multi\nline\n", "é", "plain words", "\"quoted\"", "'single'", "tab\there", "#!/bin/sh\nset -eu\n",
            "x".repeat(300), "word ".repeat(80), "{a: 1}", "[1]", "*alias", "&anchor", "!tag", "%", "@at", "`tick`", "\u2028",
            "key:", "- item", "? q", "|", ">", "0x1F", ".inf", "-.5", "+1", "1_000");

    @Property(tries = 300)
    void theWalkWritesWhatTheMapperWrites(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        JsonNode tree = random.nextInt(10) == 0 ? value(random, 0) : object(random, 0);
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

    private static ObjectNode object(Random random, int depth) {
        ObjectNode out = NODES.objectNode();
        int fields = random.nextInt(depth > 3 ? 2 : 6);
        for (int i = 0; i < fields; i++) {
            String key = random.nextInt(4) == 0 ? TEXTS.get(random.nextInt(TEXTS.size())) : "k" + i;
            out.set(key, value(random, depth + 1));
        }
        return out;
    }

    private static JsonNode value(Random random, int depth) {
        return switch (random.nextInt(depth > 4 ? 9 : 11)) {
            case 0 -> NODES.textNode(TEXTS.get(random.nextInt(TEXTS.size())));
            case 1 -> NODES.numberNode(random.nextInt());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 4 -> NODES.numberNode(new BigInteger(100, random));
            case 5 -> NODES.numberNode(new BigDecimal(new BigInteger(80, random), random.nextInt(20) - 5));
            case 6 -> NODES.booleanNode(random.nextBoolean());
            case 7 -> NODES.nullNode();
            case 8 -> NODES.numberNode(random.nextFloat());
            case 9 -> object(random, depth);
            default -> {
                ArrayNode array = NODES.arrayNode();
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
        };
    }
}
