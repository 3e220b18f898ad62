package dev.sluice.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks spec.migration.pod as the API server would check the pod it ends up in: label and annotation
 * keys, label values, the shape of the scheduling fields (with "did you mean" for their keys), so a
 * typo fails here rather than on the cluster. Init container names need the stream: the weave checks them.
 */
public final class PodOverrides {
    static final String FIELD = "spec.migration.pod";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    static final List<String> AFFINITY = List.of("nodeAffinity", "podAffinity", "podAntiAffinity");
    static final List<String> TOLERATION = List.of("key", "operator", "value", "effect", "tolerationSeconds");
    static final List<String> SPREAD = List.of("maxSkew", "topologyKey", "whenUnsatisfiable", "labelSelector", "minDomains",
            "nodeAffinityPolicy", "nodeTaintsPolicy", "matchLabelKeys");

    private PodOverrides() {
    }

    static void check(MigrationPlan.Pod pod, String at) {
        if (pod == null) {
            return;
        }
        if (pod.labels() != null) {
            pod.labels().forEach((k, v) -> {
                key(k, at, FIELD + ".labels");
                if (v == null || v.length() > 63 || (!v.isEmpty() && !NAME.matcher(v).matches())) {
                    throw new PlanException(at + ": " + FIELD + ".labels." + k + ": '" + v + "' is not a valid label value (at most"
                            + " 63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)");
                }
            });
        }
        if (pod.annotations() != null) {
            pod.annotations().forEach((k, v) -> {
                key(k, at, FIELD + ".annotations");
                if (v == null) {
                    throw new PlanException(at + ": " + FIELD + ".annotations." + k + " has no value: give a string (\"\" for empty)");
                }
            });
        }
        keys(pod.removeLabels(), at, FIELD + ".removeLabels");
        keys(pod.removeAnnotations(), at, FIELD + ".removeAnnotations");
        if (pod.initContainers() != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < pod.initContainers().size(); i++) {
                String name = pod.initContainers().get(i);
                if (name == null || name.isBlank()) {
                    throw new PlanException(at + ": " + FIELD + ".initContainers[" + i + "] is empty: name an init container of the source pod");
                }
                if (!seen.add(name)) {
                    throw new PlanException(at + ": " + FIELD + ".initContainers[" + i + "] '" + name + "' is listed twice");
                }
            }
        }
        if (pod.nodeSelector() != null) {
            pod.nodeSelector().forEach((k, v) -> key(k, at, FIELD + ".nodeSelector"));
        }
        if (pod.affinity() != null) {
            if (!pod.affinity().isObject()) {
                throw new PlanException(at + ": " + FIELD + ".affinity must be a mapping (nodeAffinity, podAffinity, podAntiAffinity), not "
                        + pod.affinity().getNodeType().toString().toLowerCase());
            }
            known(pod.affinity(), AFFINITY, at, FIELD + ".affinity");
        }
        items(pod.tolerations(), TOLERATION, List.of(), at, FIELD + ".tolerations");
        if (pod.tolerations() != null) {
            for (int i = 0; i < pod.tolerations().size(); i++) {
                JsonNode t = pod.tolerations().get(i);
                String op = t.path("operator").asText("Equal");
                if (!op.equals("Equal") && !op.equals("Exists")) {
                    throw new PlanException(at + ": " + FIELD + ".tolerations[" + i + "].operator '" + op + "' is not Equal or Exists");
                }
                String effect = t.path("effect").asText("");
                if (!effect.isEmpty() && !List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                    throw new PlanException(at + ": " + FIELD + ".tolerations[" + i + "].effect '" + effect
                            + "' is not NoSchedule, PreferNoSchedule or NoExecute"
                            + Suggest.closest(effect, List.of("NoSchedule", "PreferNoSchedule", "NoExecute")).map(s -> "; did you mean '" + s + "'?").orElse(""));
                }
            }
        }
        items(pod.topologySpreadConstraints(), SPREAD, List.of("maxSkew", "topologyKey", "whenUnsatisfiable"), at,
                FIELD + ".topologySpreadConstraints");
        className(pod.priorityClassName(), at, FIELD + ".priorityClassName");
        className(pod.runtimeClassName(), at, FIELD + ".runtimeClassName");
    }

    /** A label or annotation key: an optional DNS-subdomain prefix and a name of at most 63 characters. */
    private static void key(String k, String at, String field) {
        int slash = k.indexOf('/');
        String prefix = slash < 0 ? "" : k.substring(0, slash);
        String name = slash < 0 ? k : k.substring(slash + 1);
        boolean ok = name.length() <= 63 && NAME.matcher(name).matches()
                && (slash < 0 || (prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches()));
        if (!ok) {
            throw new PlanException(at + ": " + field + ": '" + k + "' is not a valid key (an optional DNS prefix and '/', then at"
                    + " most 63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)");
        }
    }

    private static void keys(List<String> keys, String at, String field) {
        if (keys == null) {
            return;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i) == null || keys.get(i).isBlank()) {
                throw new PlanException(at + ": " + field + "[" + i + "] is empty: give a key");
            }
            key(keys.get(i), at, field + "[" + i + "]");
        }
    }

    private static void items(List<JsonNode> list, List<String> known, List<String> required, String at, String field) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String where = field + "[" + i + "]";
            if (item == null || !item.isObject()) {
                throw new PlanException(at + ": " + where + " must be a mapping (" + String.join(", ", known) + ")");
            }
            known(item, known, at, where);
            for (String r : required) {
                if (!item.has(r)) {
                    throw new PlanException(at + ": " + where + "." + r + " is required (" + String.join(", ", required) + " are)");
                }
            }
        }
    }

    private static void known(JsonNode object, List<String> known, String at, String field) {
        object.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                throw new PlanException(at + ": unknown field " + field + "." + k
                        + Suggest.closest(k, known).map(s -> "; did you mean '" + s + "'?").orElse("")
                        + " (known here: " + String.join(", ", known) + ")");
            }
        });
    }

    private static void className(String name, String at, String field) {
        if (name != null && (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches())) {
            throw new PlanException(at + ": " + field + " '" + name + "' is not a valid class name (a DNS subdomain:"
                    + " lower-case letters, digits, '-' and '.')");
        }
    }

    /** The keys each scheduling field knows ("affinity", "tolerations", "topologySpreadConstraints"), for the JSON Schema. */
    public static Map<String, List<String>> shapes() {
        return Map.of("affinity", AFFINITY, "tolerations", TOLERATION, "topologySpreadConstraints", SPREAD);
    }
}
