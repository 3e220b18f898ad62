package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;

/** Random trees of every node type (each kind of number, booleans, null, empty and nested containers) for writer tests. */
public final class RandomTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;
    private final List<String> texts;

    /** Trees whose texts and keys are drawn from {@code texts} (a key sometimes with a number after it). */
    public RandomTrees(Random random, List<String> texts) {
        this.random = random;
        this.texts = texts;
    }

    public ObjectNode object(int depth) {
        ObjectNode out = NODES.objectNode();
        int fields = random.nextInt(depth > 3 ? 2 : 7);
        for (int i = 0; i < fields; i++) {
            out.set(text() + (random.nextBoolean() ? "" : i), value(depth + 1));
        }
        return out;
    }

    public JsonNode value(int depth) {
        return switch (random.nextInt(depth > 4 ? 9 : 11)) {
            case 0 -> NODES.textNode(text());
            case 1 -> NODES.numberNode(random.nextInt());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 4 -> NODES.numberNode(new BigInteger(100, random));
            case 5 -> NODES.numberNode(new BigDecimal(new BigInteger(80, random), random.nextInt(20) - 5));
            case 6 -> NODES.booleanNode(random.nextBoolean());
            case 7 -> NODES.nullNode();
            case 8 -> NODES.numberNode(random.nextFloat());
            case 9 -> object(depth);
            default -> {
                ArrayNode array = NODES.arrayNode();
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    array.add(value(depth + 1));
                }
                yield array;
            }
        };
    }

    private String text() {
        return texts.get(random.nextInt(texts.size()));
    }
}
