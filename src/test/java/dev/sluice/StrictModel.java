package dev.sluice;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parses objects with fabric8's typed model, strictly: an unknown field anywhere (which fabric8
 * would otherwise keep in additionalProperties) or a value of the wrong type is a failure.
 */
public final class StrictModel {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    /** How fabric8's model writes an object: its classes' field order, maps sorted by key. */
    private static final ObjectMapper WRITER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final Map<String, Class<? extends KubernetesResource>> KINDS = Map.of(
            "Job", Job.class, "CronJob", CronJob.class, "Deployment", Deployment.class,
            "StatefulSet", StatefulSet.class, "DaemonSet", DaemonSet.class, "Role", Role.class,
            "RoleBinding", RoleBinding.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class,
            "ServiceAccount", ServiceAccount.class);

    private StrictModel() {
    }

    public static Class<? extends KubernetesResource> type(String kind) {
        return KINDS.get(kind);
    }

    public static boolean knows(String kind) {
        return KINDS.containsKey(kind);
    }

    /** Throws AssertionError naming the first unknown field or type mismatch. */
    public static Object parse(JsonNode object) {
        String kind = object.path("kind").asText();
        Class<? extends KubernetesResource> type = KINDS.get(kind);
        if (type == null) {
            throw new AssertionError("no typed model registered for kind " + kind);
        }
        Object typed;
        try {
            typed = MAPPER.treeToValue(object, type);
        } catch (Exception e) {
            throw new AssertionError(kind + "/" + object.path("metadata").path("name").asText() + " does not parse: " + e.getMessage(), e);
        }
        noAdditional(typed, kind + "/" + object.path("metadata").path("name").asText(), "", java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return typed;
    }

    /**
     * The object read strictly and written back by fabric8's model gives the same tree: no field lost, added or
     * changed in meaning (keys compared sorted, numbers and strings by their text, as YAML writes them; a null or an empty
     * list as none).
     */
    public static void roundTrips(JsonNode object) {
        Object typed = parse(object);
        String what = object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
        String want = canonical(object);
        String got = canonical(WRITER.valueToTree(typed));
        if (!want.equals(got)) {
            int at = 0;
            while (at < Math.min(want.length(), got.length()) && want.charAt(at) == got.charAt(at)) {
                at++;
            }
            int from = Math.max(0, at - 200);
            throw new AssertionError(what + " is not what fabric8's model writes back, from character " + at + ":\n  sluice:  ..."
                    + want.substring(from, Math.min(want.length(), at + 120)) + "\n  fabric8: ..." + got.substring(from, Math.min(got.length(), at + 120)));
        }
    }

    /**
     * A part sluice builds (a container, a volume, an object of its own), read strictly into {@code type}, is written
     * by fabric8's model to the same text: its fields in the model's order, maps sorted, "name" first in every object
     * without apiVersion, as people write Kubernetes YAML.
     */
    public static void writtenAsModel(JsonNode part, Class<?> type, String what) {
        Object typed;
        try {
            typed = MAPPER.treeToValue(part, type);
        } catch (Exception e) {
            throw new AssertionError(what + " does not parse as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        noAdditional(typed, what, "", java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        JsonNode back = WRITER.valueToTree(typed);
        nameFirst(back);
        if (!part.toString().equals(back.toString())) {
            throw new AssertionError(what + " is not written as fabric8's model writes a " + type.getSimpleName()
                    + ":\n  sluice:  " + part + "\n  fabric8: " + back);
        }
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
            o.elements().forEachRemaining(StrictModel::nameFirst);
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(StrictModel::nameFirst);
        }
    }

    private static String canonical(JsonNode node) {
        if (node instanceof ObjectNode o) {
            java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
            o.fields().forEachRemaining(e -> {
                // a null (as a chart may write it) or an empty list is no field to Kubernetes, and fabric8 writes none
                if (!e.getValue().isNull() && !(e.getValue() instanceof ArrayNode a && a.isEmpty())) {
                    sorted.put(e.getKey(), canonical(e.getValue()));
                }
            });
            StringBuilder out = new StringBuilder("{");
            sorted.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return out.append('}').toString();
        }
        if (node instanceof ArrayNode a) {
            StringBuilder out = new StringBuilder("[");
            a.elements().forEachRemaining(e -> out.append(out.length() > 1 ? "," : "").append(canonical(e)));
            return out.append(']').toString();
        }
        return node.isValueNode() ? '"' + node.asText() + '"' : node.toString();
    }

    private static void noAdditional(Object value, String what, String path, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                noAdditional(item, what, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> noAdditional(v, what, path + "." + k, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            if (!name.startsWith("get") && !name.startsWith("is")) {
                continue;
            }
            try {
                Object child = getter.invoke(value);
                if (name.equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        throw new AssertionError(what + ": unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "." : path));
                    }
                    continue;
                }
                noAdditional(child, what, path + "." + property(name), seen);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String property(String getter) {
        String p = getter.startsWith("is") ? getter.substring(2) : getter.substring(3);
        return p.isEmpty() ? p : Character.toLowerCase(p.charAt(0)) + p.substring(1);
    }
}
