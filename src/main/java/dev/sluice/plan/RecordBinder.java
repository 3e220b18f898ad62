package dev.sluice.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a tree into the plan's records the way Jackson's {@code treeToValue} would, without Jackson's
 * deserializer introspection (tens of milliseconds of start-up), but only where it is sure: every field
 * known and of the type its component declares (text for text, an int for an Integer, an int or long
 * for a Long, a strategy's own word), every required field there, no null anywhere. For anything else
 * it answers empty, and the caller binds with Jackson as before, so Jackson alone words every error.
 * {@code RecordBinderProperties} holds it to Jackson's result.
 */
public final class RecordBinder {
    /** An answer of {@link #value}: not sure. */
    private static final Object UNSURE = new Object();
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private RecordBinder() {
    }

    /** The record Jackson would bind with unknown fields refused; empty when not sure. */
    public static <T extends Record> Optional<T> strict(JsonNode tree, Class<T> type) {
        return bind(tree, type, false);
    }

    /** The record Jackson would bind with unknown fields ignored; empty when not sure. */
    public static <T extends Record> Optional<T> lenient(JsonNode tree, Class<T> type) {
        return bind(tree, type, true);
    }

    private static <T extends Record> Optional<T> bind(JsonNode tree, Class<T> type, boolean lenient) {
        Object value = value(tree, type, lenient);
        return value == UNSURE ? Optional.empty() : Optional.of(type.cast(value));
    }

    private static Object value(JsonNode node, Type type, boolean lenient) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return UNSURE;
        }
        Class<?> raw = raw(type);
        if (raw == String.class) {
            return node.isTextual() ? node.textValue() : UNSURE;
        }
        if (raw == Integer.class) {
            return node.isInt() ? node.intValue() : UNSURE;
        }
        if (raw == Long.class) {
            return node.isInt() || node.isLong() ? node.longValue() : UNSURE;
        }
        if (raw == Strategy.class) {
            for (Strategy s : Strategy.values()) {
                if (node.isTextual() && s.word().equals(node.textValue())) {
                    return s;
                }
            }
            return UNSURE;
        }
        if (raw == JsonNode.class) {
            JsonNode copy = tree(node);
            return copy == null ? UNSURE : copy;
        }
        if (raw == List.class && type instanceof ParameterizedType p && node instanceof ArrayNode array) {
            List<Object> list = new ArrayList<>(array.size());
            for (JsonNode item : array) {
                Object value = value(item, p.getActualTypeArguments()[0], lenient);
                if (value == UNSURE) {
                    return UNSURE;
                }
                list.add(value);
            }
            return list;
        }
        if (raw == Map.class && type instanceof ParameterizedType p && p.getActualTypeArguments()[0] == String.class
                && node instanceof ObjectNode object) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Object value = value(e.getValue(), p.getActualTypeArguments()[1], lenient);
                if (value == UNSURE) {
                    return UNSURE;
                }
                map.put(e.getKey(), value);
            }
            return map;
        }
        if (raw.isRecord() && node instanceof ObjectNode object) {
            Shape shape = SHAPES.get(raw);
            return shape == null ? UNSURE : shape.bind(object, lenient);
        }
        return UNSURE;
    }

    /**
     * The tree as Jackson rebuilds a JsonNode field: plain nodes of the same values (an {@code AsWritten} number
     * loses the text it was written as); null for a node it is not sure of (null, big numbers, binary).
     */
    private static JsonNode tree(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode value = tree(e.getValue());
                if (value == null) {
                    return null;
                }
                copy.set(e.getKey(), value);
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(array.size());
            for (JsonNode item : array) {
                JsonNode value = tree(item);
                if (value == null) {
                    return null;
                }
                copy.add(value);
            }
            return copy;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(node.textValue());
        }
        if (node.isBoolean()) {
            return BooleanNode.valueOf(node.booleanValue());
        }
        if (node.isInt()) {
            return IntNode.valueOf(node.intValue());
        }
        if (node.isLong()) {
            return LongNode.valueOf(node.longValue());
        }
        if (node.isDouble() && Double.isFinite(node.doubleValue())) {
            return DoubleNode.valueOf(node.doubleValue());
        }
        return null;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : Object.class;
    }

    /**
     * A record as Jackson binds it: its fields by JSON name (a {@code @JsonProperty} rename), which are required,
     * and the canonical constructor (null without one). That no annotation changes how Jackson binds a plan record is
     * {@code PlanFieldsTest}'s to check.
     */
    private static final class Shape {
        private final Set<String> known;
        private final String[] names;
        private final Type[] types;
        private final boolean[] required;
        private final Constructor<?> canonical;

        private Shape(Set<String> known, String[] names, Type[] types, boolean[] required, Constructor<?> canonical) {
            this.known = known;
            this.names = names;
            this.types = types;
            this.required = required;
            this.canonical = canonical;
        }

        /** The shape of a plan record; its names and required fields come from {@link PlanFields}, not its annotations. */
        static Shape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            String[] names = new String[components.length];
            Type[] types = new Type[components.length];
            boolean[] required = new boolean[components.length];
            Class<?>[] raws = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                names[i] = PlanFields.jsonName(type, c);
                required[i] = PlanFields.required(type, c);
                types[i] = c.getGenericType();
                raws[i] = c.getType();
            }
            try {
                return new Shape(Set.of(names), names, types, required, type.getDeclaredConstructor(raws));
            } catch (NoSuchMethodException | IllegalArgumentException e) {
                // no canonical constructor Jackson could call, or two fields of one JSON name
                return null;
            }
        }

        Object bind(ObjectNode object, boolean lenient) {
            if (!lenient) {
                for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                    if (!known.contains(it.next())) {
                        return UNSURE;
                    }
                }
            }
            Object[] args = new Object[names.length];
            for (int i = 0; i < names.length; i++) {
                JsonNode child = object.get(names[i]);
                if (child == null) {
                    if (required[i]) {
                        return UNSURE;
                    }
                    continue;
                }
                args[i] = value(child, types[i], lenient);
                if (args[i] == UNSURE) {
                    return UNSURE;
                }
            }
            try {
                return canonical.newInstance(args);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return UNSURE;
            }
        }
    }
}
