package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SimpleBlocks} writes what the generator writes, byte for byte, for every tree it takes; it takes most trees
 * made of words (so this cannot pass by declining), and declines what it does not know.
 */
class SimpleBlocksProperties {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Words the quick writer takes, some of which need quotes (numbers, booleans, dates, reserved words as text). */
    private static final List<String> WORDS = List.of("app", "name", "app.kubernetes.io/name", "ghcr.io/example/app:1.0.0",
            "registry.k8s.io/kubectl:v1.35.0", "25%", "0", "10", "1e3", "0x1F", "0o17", "1_000", "12:30", "2024-01-01", "yes",
            "No", "on", "OFF", "true", "y", "n", "null", "Null", "nan", "inf", "a=b", "a+b", "x@y", "IfNotPresent", "v1",
            "apps/v1", "a-", "a.", "a:b", "a::b", "a/b/c", "x".repeat(100), "1.5", "-1", "+1", "0.0.1", "a%", "8080",
            "http://x", "k8s.io/x=y");
    private static final List<String> KEYS = List.of("name", "image", "app.kubernetes.io/name", "matchLabels", "x-1", "a.b/c",
            "sluice.dev/plan", "containers", "spec", "K", "maxSurge", "v1");
    /** Texts it declines (the generator decides): blanks, newlines, indicators, long, empty, trailing colon. */
    private static final List<String> OTHERS = List.of("", " ", "a b", "a: b", "x #y", "line\nbreak", "-c", "%x", "@x",
            "*x", "&x", "!x", "x:", "'q'", "\"q\"", "é", "x".repeat(101), "[a]", "{a}", "a,b", "?x", "|", ">", "#x", "~",
            "tab\tx", "---", "...");

    @Property(tries = 1000)
    void whatItTakesIsWrittenAsTheGeneratorWritesIt(@ForAll long seed) {
        Random random = new Random(seed);
        ObjectNode tree = object(random, 0, random.nextInt(6) == 0);
        String simple = SimpleBlocks.write(tree);
        if (simple != null) {
            assertEquals(YamlTrees.generated(tree), simple, "seed " + seed);
        }
    }

    @org.junit.jupiter.api.Test
    void itTakesMostTreesOfWords() {
        Random random = new Random(14);
        int taken = 0;
        for (int i = 0; i < 2000; i++) {
            ObjectNode tree = object(random, 0, false);
            String simple = SimpleBlocks.write(tree);
            if (simple != null) {
                taken++;
                assertEquals(YamlTrees.generated(tree), simple, "tree " + i);
            }
        }
        // a key that needs quotes ("yes", "0") is left to the generator
        assertTrue(taken >= 1000, "took " + taken + " of 2000 trees of words");
    }

    @Property(tries = 300)
    void itDeclinesWhatItDoesNotKnow(@ForAll long seed) {
        Random random = new Random(seed);
        ObjectNode tree = object(random, 0, false);
        String other = OTHERS.get(random.nextInt(OTHERS.size()));
        switch (random.nextInt(4)) {
            case 0 -> tree.put(other.isEmpty() ? "k" : other, "v");
            case 1 -> tree.put("k", other);
            case 2 -> tree.set("k", NODES.arrayNode().add(NODES.arrayNode().add("a")));
            default -> tree.put("k", 1.5);
        }
        if (!SimpleBlocks.word(other) || random.nextBoolean()) {
            String simple = SimpleBlocks.write(tree);
            if (simple != null) {
                assertEquals(YamlTrees.generated(tree), simple, "seed " + seed);
            }
        }
        assertEquals(null, SimpleBlocks.write(NODES.objectNode()), "an empty document goes to the generator");
    }

    private static ObjectNode object(Random random, int depth, boolean others) {
        ObjectNode out = NODES.objectNode();
        int fields = 1 + random.nextInt(depth > 3 ? 2 : 5);
        for (int i = 0; i < fields; i++) {
            String key = others && random.nextInt(8) == 0 ? text(random, true)
                    : random.nextInt(10) == 0 ? text(random, false) : KEYS.get(random.nextInt(KEYS.size()));
            out.set(key + (random.nextBoolean() ? "" : i), value(random, depth + 1, others));
        }
        return out;
    }

    private static String text(Random random, boolean other) {
        return other ? OTHERS.get(random.nextInt(OTHERS.size())) : WORDS.get(random.nextInt(WORDS.size()));
    }

    private static JsonNode value(Random random, int depth, boolean others) {
        return switch (random.nextInt(depth > 4 ? 7 : 10)) {
            case 0, 1, 2 -> NODES.textNode(text(random, others && random.nextInt(6) == 0));
            case 3 -> NODES.numberNode(random.nextInt(2000) - 1000);
            case 4 -> NODES.numberNode(random.nextLong());
            case 5 -> random.nextBoolean() ? NODES.booleanNode(random.nextBoolean()) : NODES.nullNode();
            case 6 -> random.nextBoolean() ? NODES.objectNode() : NODES.arrayNode();
            case 7, 8 -> object(random, depth, others);
            default -> {
                ArrayNode array = NODES.arrayNode();
                int items = 1 + random.nextInt(3);
                for (int i = 0; i < items; i++) {
                    int kind = random.nextInt(others ? 5 : 4);
                    array.add(kind == 0 ? NODES.textNode(text(random, false)) : kind == 4
                            ? NODES.arrayNode().add("x") : kind == 1 ? NODES.numberNode(i) : object(random, depth + 1, others));
                }
                yield array;
            }
        };
    }
}
