package dev.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Mesh;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanLoader;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The golden runner's check that every Job sluice makes from an app pod is that pod (I7): it finds the
 * source the Job names in {@code sluice.dev/source} ({@code Kind/workload/container}) in the same output
 * and compares, field by field, what the README's table says is inherited, allowing only what the
 * plan's spec.migration.pod overrides, the label rule (no Service, PDB or workload selects the pod) and
 * the mesh opt-out change. Written apart from the weave, with its own field list and selector matching.
 */
final class MigrationPodFidelity {
    static final String SOURCE = "sluice.dev/source";
    /** The README's table: inherited as they are, unless the plan replaces them. */
    static final List<String> INHERITED = List.of("nodeSelector", "affinity", "tolerations", "topologySpreadConstraints",
            "priorityClassName", "preemptionPolicy", "runtimeClassName", "schedulerName", "hostAliases", "dnsPolicy",
            "dnsConfig", "hostNetwork", "enableServiceLinks", "os", "securityContext", "hostUsers",
            "automountServiceAccountToken", "imagePullSecrets", "terminationGracePeriodSeconds", "shareProcessNamespace",
            "setHostnameAsFQDN");
    static final List<String> OVERRIDABLE = List.of("nodeSelector", "tolerations", "affinity", "priorityClassName",
            "topologySpreadConstraints", "runtimeClassName");
    /** Never inherited: what makes a pod one of the app's replicas, or fields a Job's pod must not have. */
    static final List<String> NEVER = List.of("nodeName", "hostname", "subdomain", "hostPID", "hostIPC", "schedulingGates",
            "ephemeralContainers", "priority", "overhead");
    static final Map<String, String> MESH_OPT_OUT = Mesh.ALL.stream().collect(Collectors.toMap(Mesh::inject, Mesh::optOut));
    static final Set<String> SLUICE_VOLUMES = Set.of("sluice-token", "sluice-tmp");
    static final Set<String> SLUICE_CONTAINERS = Set.of("migrate", "record", "done", "sluice-once", "sluice-old-pods");
    /** sluice's own containers around the one that runs the migration or step: they take nothing from the app. */
    static final Set<String> AROUND = Set.of("record", "done", "sluice-once", "sluice-old-pods");

    private MigrationPodFidelity() {
    }

    static void check(String out, String[] args) throws Exception {
        List<JsonNode> objects = objects(out);
        List<MigrationPlan> plans = plans(args);
        int checked = 0;
        for (JsonNode job : objects) {
            String source = job.path("metadata").path("annotations").path(SOURCE).asText("");
            if (!job.path("kind").asText().equals("Job") || source.isEmpty()) {
                continue;
            }
            String role = job.path("metadata").path("labels").path("sluice.dev/role").asText();
            String planName = job.path("metadata").path("labels").path("sluice.dev/plan").asText();
            String[] parts = source.split("/");
            assertEquals(3, parts.length, "sluice.dev/source is Kind/workload/container: " + source);
            String ns = job.path("metadata").path("namespace").asText("");
            JsonNode workload = objects.stream().filter(o -> o.path("kind").asText().equals(parts[0])
                            && o.path("metadata").path("name").asText().equals(parts[1])
                            && o.path("metadata").path("namespace").asText("").equals(ns)
                            && !o.path("metadata").path("annotations").has("helm.sh/hook"))
                    .findFirst().orElseThrow(() -> new AssertionError("Job " + job.path("metadata").path("name").asText()
                            + " names its source " + source + ", which is not in the output"));
            MigrationPlan.Pod overrides = overrides(plans, planName, role, parts[1], objects);
            String what = "Job/" + job.path("metadata").path("name").asText() + " (from " + source + ")";
            comparePod(what, workload, parts[0], parts[2], job.path("spec").path("template"), overrides, objects);
            checked++;
        }
        if (out.contains("sluice.dev/role: migration") && out.contains("kind: Job")) {
            assertTrue(checked > 0, "a migration Job without " + SOURCE);
        }
    }

    private static void comparePod(String what, JsonNode workload, String kind, String container, JsonNode template,
                                   MigrationPlan.Pod overrides, List<JsonNode> objects) {
        JsonNode sourceTemplate = kind.equals("CronJob") ? workload.path("spec").path("jobTemplate").path("spec").path("template")
                : workload.path("spec").path("template");
        JsonNode src = sourceTemplate.path("spec");
        JsonNode pod = template.path("spec");
        for (String field : INHERITED) {
            JsonNode want = src.path(field);
            if (overrides != null && OVERRIDABLE.contains(field)) {
                JsonNode given = planValue(overrides, field);
                want = given == null ? want : given;
            }
            assertEquals(want, pod.path(field), what + ": spec." + field + " must be the source pod's" + (overrides != null
                    && OVERRIDABLE.contains(field) ? " or the plan's" : ""));
        }
        String sa = src.path("serviceAccountName").asText(src.path("serviceAccount").asText(""));
        assertEquals(sa, pod.path("serviceAccountName").asText(""), what + ": serviceAccountName");
        for (String field : NEVER) {
            assertTrue(pod.path(field).isMissingNode(), what + ": spec." + field + " must not be inherited");
        }
        assertEquals("Never", pod.path("restartPolicy").asText(), what + ": restartPolicy");
        assertEquals("[{\"conditionType\":\"sluice.dev/never-ready\"}]", pod.path("readinessGates").toString(),
                what + ": a readiness gate no one sets, so the pod is never Ready");

        // init containers: the source's own, unchanged, in source order; the plan's choice when it makes one
        List<String> sourceInits = new ArrayList<>();
        src.path("initContainers").forEach(c -> sourceInits.add(c.path("name").asText()));
        List<String> taken = new ArrayList<>();
        int last = -1;
        for (JsonNode c : pod.path("initContainers")) {
            String name = c.path("name").asText();
            if (SLUICE_CONTAINERS.contains(name) && c.path("command").path(0).asText().length() > 0 && !sourceInits.contains(name)) {
                continue;
            }
            int at = sourceInits.indexOf(name);
            assertTrue(at >= 0, what + ": init container " + name + " is not the source pod's");
            assertTrue(at > last, what + ": init container " + name + " out of source order");
            last = at;
            assertEquals(src.path("initContainers").get(at), c, what + ": init container " + name + " must be the source's, unchanged");
            assertFalse(name.equals("sluice-wait"), what + ": the gate must never come along");
            taken.add(name);
        }
        if (overrides != null && overrides.initContainers() != null) {
            assertEquals(sourceInits.stream().filter(overrides.initContainers()::contains).toList(), taken,
                    what + ": the init containers spec.migration.pod.initContainers names");
        }

        // volumes: the source's, unchanged, and every mount is backed
        Set<String> volumes = new java.util.HashSet<>();
        for (JsonNode v : pod.path("volumes")) {
            String name = v.path("name").asText();
            volumes.add(name);
            if (SLUICE_VOLUMES.contains(name)) {
                continue;
            }
            JsonNode original = null;
            for (JsonNode s : src.path("volumes")) {
                if (s.path("name").asText().equals(name)) {
                    original = s;
                }
            }
            assertEquals(original, v, what + ": volume " + name + " must be the source pod's");
        }
        for (String list : new String[]{"initContainers", "containers"}) {
            for (JsonNode c : pod.path(list)) {
                c.path("volumeMounts").forEach(m -> assertTrue(volumes.contains(m.path("name").asText()),
                        what + ": container " + c.path("name").asText() + " mounts " + m.path("name").asText() + ", which no volume backs"));
            }
        }

        // the inherited container: its security context, envFrom and working directory
        JsonNode app = null;
        for (JsonNode c : src.path("containers")) {
            if (c.path("name").asText().equals(container)) {
                app = c;
            }
        }
        assertTrue(app != null, what + ": the source has no container " + container);
        JsonNode runs = null;
        for (String list : new String[]{"initContainers", "containers"}) {
            for (JsonNode c : pod.path(list)) {
                if (!sourceInits.contains(c.path("name").asText()) && !AROUND.contains(c.path("name").asText())) {
                    runs = c;
                }
            }
        }
        assertTrue(runs != null, what + ": no container runs the migration or step");
        for (String field : new String[]{"securityContext", "envFrom", "workingDir"}) {
            assertEquals(app.path(field), runs.path(field), what + ": container " + runs.path("name").asText() + "." + field);
        }

        labels(what, sourceTemplate.path("metadata").path("labels"), template.path("metadata").path("labels"), overrides, objects,
                workload.path("metadata").path("namespace").asText(""));
        annotations(what, sourceTemplate.path("metadata").path("annotations"), template.path("metadata").path("annotations"), overrides);
    }

    private static void labels(String what, JsonNode source, JsonNode job, MigrationPlan.Pod overrides, List<JsonNode> objects,
                               String ns) {
        Map<String, String> planLabels = overrides == null || overrides.labels() == null ? Map.of() : overrides.labels();
        List<String> removed = overrides == null || overrides.removeLabels() == null ? List.of() : overrides.removeLabels();
        List<JsonNode> selecting = selectors(objects, ns, source);
        for (Iterator<String> it = source.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (planLabels.containsKey(key)) {
                assertEquals(planLabels.get(key), job.path(key).asText(), what + ": label " + key + " as the plan sets it");
            } else if (removed.contains(key)) {
                assertFalse(job.has(key), what + ": label " + key + " is in spec.migration.pod.removeLabels");
            } else if (!job.has(key)) {
                assertTrue(selecting.stream().anyMatch(s -> keys(s).contains(key)), what + ": label " + key
                        + " was left out, but no Service, PodDisruptionBudget or workload in the stream selects by it");
            } else if (!(MESH_OPT_OUT.containsKey(key) && job.path(key).asText().equals(MESH_OPT_OUT.get(key)))) {
                assertEquals(source.path(key), job.path(key), what + ": label " + key + " must be the source pod's");
            }
        }
        for (Iterator<String> it = job.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            assertTrue(source.has(key) || planLabels.containsKey(key) || key.startsWith("sluice.dev/"),
                    what + ": label " + key + " comes from neither the source pod nor the plan");
        }
        if (planLabels.isEmpty()) {
            for (JsonNode s : selectors(objects, ns, job)) {
                if (!s.path("matchLabels").isEmpty() || !s.path("matchExpressions").isEmpty()) {
                    fail(what + ": the migration pod's labels are selected by " + s.path("ref").asText()
                            + ": it would receive traffic or count as a replica");
                }
            }
        }
    }

    private static void annotations(String what, JsonNode source, JsonNode job, MigrationPlan.Pod overrides) {
        ObjectNode want = source.isObject() ? ((ObjectNode) source).deepCopy() : JsonNodeFactory.instance.objectNode();
        MESH_OPT_OUT.forEach((k, v) -> {
            if (want.has(k) && (overrides == null || overrides.annotations() == null || !overrides.annotations().containsKey(k))) {
                want.put(k, v);
            }
        });
        if (overrides != null && overrides.removeAnnotations() != null) {
            overrides.removeAnnotations().forEach(want::remove);
        }
        if (overrides != null && overrides.annotations() != null) {
            overrides.annotations().forEach(want::put);
        }
        assertEquals(want.isEmpty() ? null : want, job.isMissingNode() ? null : job, what + ": pod annotations");
    }

    /** The selectors of Services, PodDisruptionBudgets and workloads in {@code ns} that match {@code labels}, as {ref, matchLabels, matchExpressions}. */
    private static List<JsonNode> selectors(List<JsonNode> objects, String ns, JsonNode labels) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode o : objects) {
            String kind = o.path("kind").asText();
            if (!o.path("metadata").path("namespace").asText("").equals(ns)) {
                continue;
            }
            JsonNode selector = switch (kind) {
                case "Service" -> o.path("spec").path("selector").isObject() && !o.path("spec").path("selector").isEmpty()
                        ? JsonNodeFactory.instance.objectNode().set("matchLabels", o.path("spec").path("selector")) : null;
                case "PodDisruptionBudget", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" ->
                        o.path("spec").path("selector").isObject() ? o.path("spec").path("selector") : null;
                default -> null;
            };
            if (selector != null && matches(selector, labels)) {
                ObjectNode s = ((ObjectNode) selector).deepCopy();
                s.put("ref", kind + "/" + o.path("metadata").path("name").asText());
                out.add(s);
            }
        }
        return out;
    }

    private static Set<String> keys(JsonNode selector) {
        Set<String> keys = new java.util.HashSet<>();
        selector.path("matchLabels").fieldNames().forEachRemaining(keys::add);
        selector.path("matchExpressions").forEach(e -> keys.add(e.path("key").asText()));
        return keys;
    }

    static boolean matches(JsonNode selector, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.path("matchLabels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!labels.path(e.getKey()).asText("\u0000").equals(e.getValue().asText())) {
                return false;
            }
        }
        for (JsonNode r : selector.path("matchExpressions")) {
            String key = r.path("key").asText();
            List<String> values = new ArrayList<>();
            r.path("values").forEach(v -> values.add(v.asText()));
            boolean has = labels.has(key);
            boolean ok = switch (r.path("operator").asText()) {
                case "In" -> has && values.contains(labels.path(key).asText());
                case "NotIn" -> !has || !values.contains(labels.path(key).asText());
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode planValue(MigrationPlan.Pod p, String field) {
        Object v = switch (field) {
            case "nodeSelector" -> p.nodeSelector();
            case "tolerations" -> p.tolerations();
            case "affinity" -> p.affinity();
            case "priorityClassName" -> p.priorityClassName();
            case "topologySpreadConstraints" -> p.topologySpreadConstraints();
            case "runtimeClassName" -> p.runtimeClassName();
            default -> null;
        };
        return v == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(v);
    }

    /** The plan's pod overrides for this Job: the migration's, and a step's when it comes from the migration's workload. */
    private static MigrationPlan.Pod overrides(List<MigrationPlan> plans, String planName, String role, String workload,
                                              List<JsonNode> objects) {
        MigrationPlan plan = plans.stream().filter(p -> p.name().equals(planName)).findFirst().orElse(null);
        if (plan == null || plan.spec().migration().pod() == null) {
            return null;
        }
        if (role.equals("migration")) {
            return plan.spec().migration().pod();
        }
        String migrationSource = objects.stream().filter(o -> o.path("metadata").path("labels").path("sluice.dev/role").asText().equals("migration")
                        && o.path("metadata").path("labels").path("sluice.dev/plan").asText().equals(planName) && o.path("kind").asText().equals("Job"))
                .map(o -> o.path("metadata").path("annotations").path(SOURCE).asText("")).findFirst().orElse("");
        return migrationSource.split("/").length == 3 && migrationSource.split("/")[1].equals(workload) ? plan.spec().migration().pod() : null;
    }

    private static List<MigrationPlan> plans(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String file = args[i].equals("-c") || args[i].equals("--config") ? (i + 1 < args.length ? args[i + 1] : null)
                    : args[i].startsWith("--config=") ? args[i].substring("--config=".length()) : null;
            if (file != null && Files.exists(Path.of(file))) {
                return PlanLoader.load(Path.of(file));
            }
        }
        return List.of();
    }

    /** Every object of the output: documents, and the items of Lists and ResourceLists. */
    static List<JsonNode> objects(String out) {
        List<JsonNode> objects = new ArrayList<>();
        for (Document d : StreamReader.split(out)) {
            JsonNode root = d.tree().orElse(null);
            if (root == null) {
                continue;
            }
            if (root.path("items").isArray()) {
                root.path("items").forEach(objects::add);
            } else {
                objects.add(root);
            }
        }
        return objects;
    }
}
