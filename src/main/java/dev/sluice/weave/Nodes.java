package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Editing a tree in place: a child object or array, made where missing; named entries of a list removed. */
final class Nodes {
    private Nodes() {
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
