package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An object sluice adds, built as the tree the stream holds, field by field in the order Kubernetes' own model lists
 * them ("name" first, maps sorted by key, nothing null or empty written); and canonical JSON for content hashes. No
 * typed model on the render path: a typed object turned into a tree costs its first use a reflection tax (~170 ms
 * for a Job in a fresh JVM); the tests read every object sluice adds strictly into fabric8's typed model.
 */
final class Built {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode node = NODES.objectNode();

    private Built() {
    }

    static Built object() {
        return new Built();
    }

    /** An object with apiVersion, kind and metadata, the fields every Kubernetes object starts with. */
    static Built resource(String apiVersion, String kind, Built metadata) {
        return object().put("apiVersion", apiVersion).put("kind", kind).put("metadata", metadata);
    }

    /** Metadata as sluice writes it: name, annotations and labels, each map sorted by key. */
    static Built metadata(String name, Map<String, String> annotations, Map<String, String> labels) {
        return object().put("name", name).put("annotations", sorted(annotations)).put("labels", sorted(labels));
    }

    Built put(String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    Built put(String field, Long value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    Built put(String field, Integer value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    Built put(String field, Boolean value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    /** An object or an array; an empty array or a null is not written. */
    Built put(String field, JsonNode value) {
        if (value != null && !(value instanceof ArrayNode a && a.isEmpty())) {
            node.set(field, value);
        }
        return this;
    }

    Built put(String field, Built value) {
        return value == null ? this : put(field, value.node);
    }

    Built strings(String field, List<String> values) {
        return put(field, strings(values));
    }

    Built strings(String field, String... values) {
        return strings(field, List.of(values));
    }

    Built objects(String field, List<ObjectNode> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return put(field, array);
    }

    Built objects(String field, Built... values) {
        ArrayNode array = NODES.arrayNode();
        for (Built v : values) {
            array.add(v.node);
        }
        return put(field, array);
    }

    ObjectNode tree() {
        return node;
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** A map of strings as an object, sorted by key; null stays null. */
    static ObjectNode sorted(Map<String, String> map) {
        if (map == null) {
            return null;
        }
        ObjectNode out = NODES.objectNode();
        new TreeMap<>(map).forEach(out::put);
        return out;
    }

    /** Canonical JSON (keys sorted at every level), the input of content hashes. */
    static String canonical(JsonNode node) {
        return dev.sluice.stream.TreeOut.canonicalJson(node);
    }
}
