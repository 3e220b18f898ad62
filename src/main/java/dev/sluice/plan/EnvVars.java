package dev.sluice.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.stream.KubectlScalars;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plan's env entries, checked as the API checks a container's env: a name, then a value (text, taken
 * as written) or a valueFrom with exactly one well-formed source; unknown keys are errors, with a
 * "did you mean".
 */
public final class EnvVars {
    private static final List<String> ENTRY = List.of("name", "value", "valueFrom");
    /** Each valueFrom source, its keys, and which of them are required. */
    private static final Map<String, List<String>> SOURCES = Map.of(
            "configMapKeyRef", List.of("key", "name", "optional"),
            "secretKeyRef", List.of("key", "name", "optional"),
            "fieldRef", List.of("fieldPath", "apiVersion"),
            "resourceFieldRef", List.of("resource", "containerName", "divisor"));
    private static final Map<String, String> REQUIRED = Map.of(
            "configMapKeyRef", "key", "secretKeyRef", "key", "fieldRef", "fieldPath", "resourceFieldRef", "resource");
    private static final Set<String> TEXT = Set.of("key", "name", "fieldPath", "apiVersion", "resource", "containerName");

    private EnvVars() {
    }

    /** The valueFrom sources and their keys (read-only; for the JSON Schema). */
    public static Map<String, List<String>> sources() {
        return SOURCES;
    }

    /** The required key of each valueFrom source (read-only; for the JSON Schema). */
    public static Map<String, String> required() {
        return REQUIRED;
    }

    /** The env list with names and values as written; throws naming the entry and the fix. */
    static JsonNode read(JsonNode env, String path, String where) {
        if (!(env instanceof ArrayNode list)) {
            throw new PlanException(where + ": field " + path + " must be a list of {name, value} or {name, valueFrom} entries");
        }
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            if (!(list.get(i) instanceof ObjectNode entry)) {
                throw new PlanException(where + ": field " + at + " must be a mapping such as {name: LOG_LEVEL, value: debug}");
            }
            known(entry, ENTRY, at, where);
            JsonNode name = entry.get("name");
            if (name == null || name.isNull() || text(name).isEmpty()) {
                throw new PlanException(where + ": field " + at + ".name is required (the variable's name)");
            }
            if (!name.isValueNode()) {
                throw new PlanException(where + ": field " + at + ".name must be text, not a " + (name.isArray() ? "list" : "mapping"));
            }
            entry.set("name", TextNode.valueOf(text(name)));
            JsonNode value = entry.get("value");
            JsonNode from = entry.get("valueFrom");
            String named = " (" + text(name) + ")";
            if (value != null) {
                if (value.isNull()) {
                    throw new PlanException(where + ": field " + at + ".value" + named + " is empty (YAML reads a bare null, ~ or"
                            + " nothing as no value); write '' for an empty value, or quote the text that is meant");
                }
                if (!value.isValueNode()) {
                    throw new PlanException(where + ": field " + at + ".value" + named + " must be text, not a "
                            + (value.isArray() ? "list" : "mapping") + (value.isObject() ? " (valueFrom takes a mapping)" : ""));
                }
                entry.set("value", TextNode.valueOf(text(value)));
            }
            if (from != null) {
                if (value != null && !text(value).isEmpty()) {
                    throw new PlanException(where + ": field " + at + named + " has both value and valueFrom; give one of them");
                }
                valueFrom(from, at + ".valueFrom", where);
            }
        }
        return list;
    }

    private static void valueFrom(JsonNode from, String at, String where) {
        if (!(from instanceof ObjectNode source) || source.size() != 1) {
            throw new PlanException(where + ": field " + at + " needs exactly one of " + String.join(", ", sorted(SOURCES.keySet()))
                    + (from instanceof ObjectNode o && o.size() > 1 ? " (it has " + String.join(", ", names(o)) + ")" : ""));
        }
        String kind = source.fieldNames().next();
        known(source, List.copyOf(SOURCES.keySet()), at, where);
        JsonNode ref = source.get(kind);
        if (!(ref instanceof ObjectNode fields)) {
            throw new PlanException(where + ": field " + at + "." + kind + " must be a mapping of " + String.join(", ", SOURCES.get(kind)));
        }
        known(fields, SOURCES.get(kind), at + "." + kind, where);
        String required = REQUIRED.get(kind);
        if (!fields.hasNonNull(required) || text(fields.get(required)).isEmpty()) {
            throw new PlanException(where + ": field " + at + "." + kind + "." + required + " is required");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = at + "." + kind + "." + e.getKey();
            if (TEXT.contains(e.getKey())) {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new PlanException(where + ": field " + field + " must be text");
                }
                e.setValue(TextNode.valueOf(text(e.getValue())));
            } else if (e.getKey().equals("optional") && !e.getValue().isBoolean()) {
                throw new PlanException(where + ": field " + field + " must be true or false, not " + text(e.getValue()));
            }
        }
    }

    private static void known(ObjectNode node, List<String> known, String at, String where) {
        for (String key : names(node)) {
            if (!known.contains(key)) {
                String hint = Suggest.closest(key, known).map(s -> "; did you mean '" + s + "'?").orElse("");
                throw new PlanException(where + ": unknown field " + at + "." + key + hint + " (known here: "
                        + String.join(", ", sorted(known)) + ")");
            }
        }
    }

    private static List<String> names(ObjectNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> sorted(java.util.Collection<String> words) {
        return words.stream().sorted().toList();
    }

    /** A scalar's text as written: {@code on} stays "on", {@code 0755} stays "0755". */
    private static String text(JsonNode node) {
        return KubectlScalars.asWritten(node).orElse(node.asText());
    }
}
