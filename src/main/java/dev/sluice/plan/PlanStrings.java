package dev.sluice.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.stream.KubectlScalars;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a plan tree against the plan's types before it is bound: every field that holds text (command,
 * args, image, names, labels) takes a plain scalar as it was written, so {@code [migrate, 1.10, 12:30,
 * 0755, on]} runs as those very words, not as 1.1, 750, 493 and true (kubectl's reading). Numbers stay
 * numbers and must be whole; a list of words refuses an empty (null) item; env entries are checked by
 * {@link EnvVars}.
 */
final class PlanStrings {
    private PlanStrings() {
    }

    /** The tree with text fields as written; {@code where} names the plan in messages. */
    static JsonNode read(JsonNode tree, String where) {
        return walk(tree, MigrationPlan.class, "", where);
    }

    private static JsonNode walk(JsonNode node, Type type, String path, String where) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return node;
        }
        Class<?> raw = raw(type);
        if (raw == String.class) {
            return KubectlScalars.asWritten(node).<JsonNode>map(TextNode::valueOf).orElse(node);
        }
        if (raw == Integer.class || raw == Long.class || raw == int.class || raw == long.class) {
            if (node.isTextual() && KubectlScalars.plain(node.textValue()).isIntegralNumber()) {
                // "0755" as kubectl reads 0755 (493), not as Java reads it (755); an echoed functionConfig holds such text
                return KubectlScalars.plain(node.textValue());
            }
            if (node.isNumber() && !node.isIntegralNumber()) {
                throw new PlanException(where + ": field " + path + " must be a whole number, not " + KubectlScalars.asWritten(node).orElse(node.asText())
                        + " (Kubernetes counts it in whole units)");
            }
            return node;
        }
        if (raw == List.class && node instanceof ArrayNode list) {
            Type item = argument(type, 0);
            for (int i = 0; i < list.size(); i++) {
                String at = path + "[" + i + "]";
                if (raw(item) == String.class && list.get(i).isNull()) {
                    throw new PlanException(where + ": field " + at + " is empty (YAML reads a bare null, ~ or nothing as no value);"
                            + " quote it (\"null\", \"~\", \"\") if that text is meant");
                }
                list.set(i, walk(list.get(i), item, at, where));
            }
            return list;
        }
        if (raw == Map.class && node instanceof ObjectNode map) {
            Type value = argument(type, 1);
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(walk(e.getValue(), value, path + "." + e.getKey(), where));
            }
            return map;
        }
        if (raw.isRecord() && node instanceof ObjectNode object) {
            for (RecordComponent c : raw.getRecordComponents()) {
                String name = PlanFields.jsonName(raw, c);
                JsonNode child = object.get(name);
                if (child == null) {
                    continue;
                }
                String at = path.isEmpty() ? name : path + "." + name;
                object.set(name, "env".equals(name) ? EnvVars.read(child, at, where) : walk(child, c.getGenericType(), at, where));
            }
            return object;
        }
        return node;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }
}
