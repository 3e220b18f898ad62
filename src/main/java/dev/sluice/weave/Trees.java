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

/** Small tree operations shared by the weaving steps. */
final class Trees {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Trees() {
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
            o.elements().forEachRemaining(Trees::nameFirst);
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(Trees::nameFirst);
        }
    }

    static ObjectNode object(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    static ArrayNode array(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node instanceof ArrayNode a) {
            return a;
        }
        return parent.putArray(field);
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

    /** Removes array elements whose {@code name} is {@code name}; true if one was there. */
    static boolean removeNamed(ArrayNode array, String name) {
        boolean removed = false;
        for (int i = array.size() - 1; i >= 0; i--) {
            if (array.get(i).path("name").asText().equals(name)) {
                array.remove(i);
                removed = true;
            }
        }
        return removed;
    }
}
