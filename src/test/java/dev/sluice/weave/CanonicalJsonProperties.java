package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The canonical JSON of content hashes (the migration Job's and an adopted Job's name suffix) is written by a walk of
 * the tree; it must be the text Jackson's ObjectMapper gave, keys sorted at every level, so that no name changes.
 */
class CanonicalJsonProperties {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final List<String> TEXTS = List.of("", "a", "b", "B", "é", "ü-ß", "\"q\"", "back\\slash", "line\nfeed",
            "tab\t", "\u0001", "\u2028", "emoji \uD83D\uDE00", "</script>", "z", "aa", "a b");

    @Property(tries = 300)
    void theWalkWritesWhatTheMapperWrote(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        ObjectNode tree = object(random, 0);
        Object plain = MAPPER.treeToValue(tree, Object.class);
        assertEquals(MAPPER.writeValueAsString(keysSorted(plain)), Built.canonical(tree), "seed " + seed);
    }

    private static Object keysSorted(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), keysSorted(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(keysSorted(v)));
            return out;
        }
        return value;
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode out = NODES.objectNode();
        int fields = random.nextInt(depth > 3 ? 2 : 7);
        for (int i = 0; i < fields; i++) {
            out.set(TEXTS.get(random.nextInt(TEXTS.size())) + (random.nextBoolean() ? "" : i), value(random, depth + 1));
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
