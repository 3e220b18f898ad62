package dev.sluice.weave;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

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
    private static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final List<String> TEXTS = List.of("", "a", "b", "B", "é", "ü-ß", "\"q\"", "back\\slash", "line\nfeed",
            "tab\t", "\u0001", "\u2028", "emoji \uD83D\uDE00", "</script>", "z", "aa", "a b");

    @Property(tries = 300)
    void theWalkWritesWhatTheMapperWrote(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        ObjectNode tree = new dev.sluice.stream.RandomTrees(random, TEXTS).object(0);
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
}
