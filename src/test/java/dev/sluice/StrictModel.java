package dev.sluice;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final Map<String, Class<? extends KubernetesResource>> KINDS = Map.of(
            "Job", Job.class, "CronJob", CronJob.class, "Deployment", Deployment.class,
            "StatefulSet", StatefulSet.class, "DaemonSet", DaemonSet.class, "Role", Role.class,
            "RoleBinding", RoleBinding.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class,
            "ServiceAccount", ServiceAccount.class);

    private StrictModel() {
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
