package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What sluice builds with fabric8's typed model, as the trees the stream holds; and canonical JSON for content hashes. */
final class Built {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Built() {
    }

    /** A fabric8 object as a tree, "name" first in every object as people write Kubernetes YAML. */
    static ObjectNode tree(Object typed) {
        ObjectNode node = MAPPER.valueToTree(typed);
        nameFirst(node);
        return node;
    }

    private static void nameFirst(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("name") && o.size() > 1 && !o.has("apiVersion")) {
                JsonNode name = o.remove("name");
                ObjectNode rest = o.deepCopy();
                o.removeAll();
                o.set("name", name);
                o.setAll(rest);
            }
            o.elements().forEachRemaining(Built::nameFirst);
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(Built::nameFirst);
        }
    }

    /** Canonical JSON (keys sorted at every level), the input of content hashes. */
    static String canonical(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(MAPPER.treeToValue(node, Object.class) instanceof Map<?, ?> m ? sorted(m) : node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(sorted(v)));
            return out;
        }
        return value;
    }
}
