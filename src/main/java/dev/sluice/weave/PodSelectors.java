package dev.sluice.weave;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Resource;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.RecordBinder;
import dev.sluice.plan.Selectors;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The objects of the stream that select pods by label. Services (they send a pod traffic),
 * PodDisruptionBudgets, workload selectors and the HPAs that read them (they count a pod as a
 * replica) must never select a migration pod; NetworkPolicies (their podSelector and their peers'
 * podSelectors) are what admit a pod to its database, so their labels are worth keeping.
 */
record PodSelectors(List<Selecting> all) {
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController");

    /** One selector: {@code ref} names the object ("Service/api"); {@code admits} for NetworkPolicies. */
    record Selecting(String ref, String namespace, boolean admits, MigrationPlan.Selector selector) {
        boolean matches(JsonNode labels) {
            return Selectors.matches(selector, labels);
        }

        /** Whether the selector is in {@code namespace}; a peer selector of a NetworkPolicy may reach any namespace. */
        boolean in(String ns) {
            return namespace == null || namespace.isEmpty() || ns.isEmpty() || namespace.equals(ns);
        }

        /** The label keys whose absence breaks a match: matchLabels, and In/Exists expressions. */
        List<String> removableKeys() {
            Set<String> keys = new LinkedHashSet<>();
            if (selector.matchLabels() != null) {
                keys.addAll(selector.matchLabels().keySet());
            }
            if (selector.matchExpressions() != null) {
                selector.matchExpressions().stream().filter(r -> r.operator().equals("In") || r.operator().equals("Exists"))
                        .forEach(r -> keys.add(r.key()));
            }
            return List.copyOf(keys);
        }

        /** Every label key the selector reads. */
        Set<String> keys() {
            Set<String> keys = new LinkedHashSet<>(removableKeys());
            if (selector.matchExpressions() != null) {
                selector.matchExpressions().forEach(r -> keys.add(r.key()));
            }
            return keys;
        }
    }

    static PodSelectors in(List<Document> docs) {
        List<Selecting> out = new ArrayList<>();
        List<JsonNode> objects = new ArrayList<>();
        for (Document d : docs) {
            if (d.empty() || !(d.mentions("elector") || d.mentions("scaleTargetRef") || d.mentions("ReplicationController"))) {
                continue;
            }
            Resource.all(List.of(d)).forEach(r -> objects.add(r.object()));
        }
        for (JsonNode o : objects) {
            String kind = o.path("kind").asText("");
            String ref = kind + "/" + o.path("metadata").path("name").asText("");
            String ns = o.path("metadata").path("namespace").asText("");
            JsonNode spec = o.path("spec");
            if (kind.equals("Service") && spec.path("selector").isObject() && !spec.path("selector").isEmpty()) {
                add(out, ref, ns, false, matchLabels(spec.path("selector")));
            } else if (kind.equals("PodDisruptionBudget") && spec.path("selector").isObject()) {
                add(out, ref, ns, false, spec.path("selector"));
            } else if (kind.equals("ReplicationController")) {
                JsonNode selector = spec.path("selector").isObject() ? spec.path("selector") : spec.path("template").path("metadata").path("labels");
                if (selector.isObject() && !selector.isEmpty()) {
                    add(out, ref, ns, false, matchLabels(selector));
                }
            } else if (WORKLOADS.contains(kind) && spec.path("selector").isObject() && !spec.path("selector").isEmpty()) {
                add(out, ref, ns, false, spec.path("selector"));
            } else if (kind.equals("NetworkPolicy")) {
                if (spec.path("podSelector").isObject()) {
                    add(out, ref, ns, true, spec.path("podSelector"));
                }
                for (String rules : new String[]{"ingress", "egress"}) {
                    for (JsonNode rule : spec.path(rules)) {
                        for (JsonNode peer : rule.path(rules.equals("ingress") ? "from" : "to")) {
                            if (peer.path("podSelector").isObject()) {
                                add(out, ref, peer.has("namespaceSelector") ? null : ns, true, peer.path("podSelector"));
                            }
                        }
                    }
                }
            }
        }
        // an HPA counts the pods its target's selector selects
        for (JsonNode o : objects) {
            if (!o.path("kind").asText("").equals("HorizontalPodAutoscaler")) {
                continue;
            }
            JsonNode target = o.path("spec").path("scaleTargetRef");
            String targetRef = target.path("kind").asText("") + "/" + target.path("name").asText("");
            String ns = o.path("metadata").path("namespace").asText("");
            for (Selecting s : List.copyOf(out)) {
                if (!s.admits() && s.ref().equals(targetRef) && s.in(ns)) {
                    out.add(new Selecting("HorizontalPodAutoscaler/" + o.path("metadata").path("name").asText("")
                            + " (through " + targetRef + "'s selector)", s.namespace(), false, s.selector()));
                }
            }
        }
        return new PodSelectors(List.copyOf(out));
    }

    private static JsonNode matchLabels(JsonNode map) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.set("matchLabels", map);
        return s;
    }

    private static void add(List<Selecting> out, String ref, String ns, boolean admits, JsonNode selector) {
        Optional<MigrationPlan.Selector> bound = RecordBinder.lenient(selector, MigrationPlan.Selector.class);
        if (bound.isEmpty()) {
            bound = Lenient.bind(selector);
        }
        bound.ifPresent(s -> out.add(new Selecting(ref, ns, admits, s)));
    }

    /** Jackson's binding, for the selectors {@link RecordBinder} is not sure of; its mapper is made only then. */
    static final class Lenient {
        static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        private Lenient() {
        }

        static Optional<MigrationPlan.Selector> bind(JsonNode selector) {
            try {
                return Optional.of(MAPPER.treeToValue(selector, MigrationPlan.Selector.class));
            } catch (Exception e) {
                // not a selector the API would accept: it selects nothing sluice can reason about
                return Optional.empty();
            }
        }
    }
}
