package dev.sluice.weave;

import dev.sluice.kube.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.plan.Workload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a Job sluice makes takes from the app: from its container the image, env, envFrom, mounts,
 * working directory and security context; from its pod everything that decides where a pod runs and
 * how it reaches what it needs ({@link #POD_FIELDS}, the README's table), the labels no Service,
 * disruption budget or workload would select it by ({@link PodLabels}), the annotations, the init
 * containers the migration needs ({@link InitContainers}) and the volumes all of these mount. Not
 * the other containers, probes, restartPolicy, nodeName, hostname: what makes a pod one of the app's
 * replicas rather than a run-to-completion Job.
 */
public final class Inherited {
    /** The Job's annotation naming what it inherits from: {@code Kind/workload/container}. */
    /** The Job's annotation saying which init containers of the source pod it kept and left out, and why. */
    /** A pod readiness gate no one ever sets: the pod is never Ready, so no Service sends it traffic. */
    /** Pod spec fields copied as they are, in the source's order (see the README's table for why). */
    public static final List<String> POD_FIELDS = List.of("nodeSelector", "affinity", "tolerations",
            "topologySpreadConstraints", "priorityClassName", "preemptionPolicy", "runtimeClassName", "schedulerName",
            "hostAliases", "dnsPolicy", "dnsConfig", "hostNetwork", "enableServiceLinks", "os", "securityContext",
            "hostUsers", "serviceAccountName", "automountServiceAccountToken", "imagePullSecrets",
            "terminationGracePeriodSeconds", "shareProcessNamespace", "setHostnameAsFQDN");
    private static final String[] CONTAINER_FIELDS = {"env", "envFrom", "volumeMounts", "workingDir", "securityContext"};

    private Inherited() {
    }

    /** What to run in the inherited container. */
    record Run(String containerName, String image, List<String> command, List<String> args, List<JsonNode> env,
               JsonNode resources) {
    }

    /**
     * A Job's pod: {@code labels} and {@code annotations} for its template's metadata, {@code spec} holding the
     * kept init containers and the one inherited container in {@code list} ("initContainers" or "containers");
     * {@code droppedMounts} are the mounts left out because no pod volume backs them.
     */
    record Pod(ObjectNode labels, ObjectNode annotations, ObjectNode spec, List<String> droppedMounts, PodLabels labelRule,
               InitContainers init, List<String> meshNotes) {
        /** What the weave says about this pod: the mesh opt-out and labels it could not keep are notes; the rest is done. */
        List<Report.Line> notes(String plan, String what) {
            List<Report.Line> out = new ArrayList<>(labelRule.notes(plan));
            meshNotes.forEach(n -> out.add(new Report.Line(Report.Kind.NOTE, n)));
            if (!init.summary().isEmpty()) {
                out.add(new Report.Line(Report.Kind.DONE, "plan " + plan + ": " + what + " init containers of the app pod: "
                        + init.summary()));
            }
            return out;
        }
    }

    /** {@code Kind/workload/container}: what {@link #Keys.SOURCE} says. */
    static String source(ResolvedPlan.Source src) {
        return src.workload().kind() + "/" + src.workload().name() + "/" + src.container().path("name").asText();
    }

    static Pod pod(ResolvedPlan.Source src, Run run, String list, MigrationPlan.Pod overrides, PodSelectors selectors,
                   String plan) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode source = src.container();
        ObjectNode container = f.objectNode();
        container.put("name", run.containerName());
        container.put("image", run.image() != null ? run.image() : source.path("image").asText());
        if (run.image() == null && source.has("imagePullPolicy")) {
            container.set("imagePullPolicy", source.get("imagePullPolicy").deepCopy());
        }
        ArrayNode command = container.putArray("command");
        run.command().forEach(command::add);
        if (run.args() != null && !run.args().isEmpty()) {
            ArrayNode args = container.putArray("args");
            run.args().forEach(args::add);
        }
        for (String field : CONTAINER_FIELDS) {
            if (source.has(field)) {
                container.set(field, source.get(field).deepCopy());
            }
        }
        if (run.env() != null && !run.env().isEmpty()) {
            ArrayNode env = Nodes.array(container, "env");
            for (JsonNode e : run.env()) {
                Nodes.removeNamed(env, e.path("name").asText());
                env.add(e.deepCopy());
            }
        }
        container.set("resources", run.resources() != null ? run.resources().deepCopy() : defaultResources());

        Workload workload = src.workload();
        JsonNode sourcePod = workload.podSpec();
        JsonNode sourceMeta = workload.podMetadata();
        ObjectNode pod = f.objectNode();
        sourcePod.fields().forEachRemaining(e -> {
            if (POD_FIELDS.contains(e.getKey())) {
                pod.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        if (!pod.has("serviceAccountName") && sourcePod.has("serviceAccount")) {
            pod.set("serviceAccountName", sourcePod.get("serviceAccount").deepCopy());
        }
        if (overrides != null) {
            setIfGiven(pod, "nodeSelector", Built.sorted(overrides.nodeSelector()));
            setIfGiven(pod, "tolerations", copies(overrides.tolerations()));
            setIfGiven(pod, "affinity", overrides.affinity());
            setIfGiven(pod, "priorityClassName", overrides.priorityClassName() == null ? null : f.textNode(overrides.priorityClassName()));
            setIfGiven(pod, "topologySpreadConstraints", copies(overrides.topologySpreadConstraints()));
            setIfGiven(pod, "runtimeClassName", overrides.runtimeClassName() == null ? null : f.textNode(overrides.runtimeClassName()));
        }

        Set<String> podVolumes = new LinkedHashSet<>();
        for (JsonNode v : sourcePod.path("volumes")) {
            podVolumes.add(v.path("name").asText());
        }
        List<String> dropped = new ArrayList<>();
        unbacked(container, podVolumes, dropped);
        InitContainers init = InitContainers.choose(sourcePod, InitContainers.mounts(container),
                overrides == null ? null : overrides.initContainers(), plan, workload.describe());
        Set<String> used = new LinkedHashSet<>(InitContainers.mounts(container));
        for (ObjectNode c : init.kept()) {
            unbacked(c, podVolumes, dropped);
            used.addAll(InitContainers.mounts(c));
        }
        if (!used.isEmpty()) {
            ArrayNode volumes = pod.putArray("volumes");
            for (JsonNode v : sourcePod.path("volumes")) {
                if (used.contains(v.path("name").asText())) {
                    volumes.add(v.deepCopy());
                }
            }
        }
        Set<String> claims = new LinkedHashSet<>();
        for (ObjectNode c : init.kept()) {
            c.path("resources").path("claims").forEach(claim -> claims.add(claim.path("name").asText()));
        }
        if (!claims.isEmpty()) {
            ArrayNode resourceClaims = pod.putArray("resourceClaims");
            sourcePod.path("resourceClaims").forEach(c -> {
                if (claims.contains(c.path("name").asText())) {
                    resourceClaims.add(c.deepCopy());
                }
            });
        }
        pod.putArray("readinessGates").addObject().put("conditionType", Keys.NEVER_READY);
        // inherited init containers first: what they prepare (and the sidecars they start) is there when the Job's container runs
        if (!init.kept().isEmpty() || list.equals("initContainers")) {
            ArrayNode inits = pod.putArray("initContainers");
            init.kept().forEach(inits::add);
        }
        Nodes.array(pod, list).add(container);

        String namespace = workload.object().path("metadata").path("namespace").asText("");
        PodLabels labels = PodLabels.of(sourceMeta.path("labels"), namespace, selectors, overrides);
        ObjectNode annotations = sourceMeta.path("annotations").isObject()
                ? ((ObjectNode) sourceMeta.path("annotations")).deepCopy() : f.objectNode();
        List<String> mesh = MeshSidecars.keepOut(labels.labels(), annotations, overrides == null ? null : overrides.labels(),
                overrides == null ? null : overrides.annotations(), plan);
        if (overrides != null && overrides.removeAnnotations() != null) {
            overrides.removeAnnotations().forEach(annotations::remove);
        }
        if (overrides != null && overrides.annotations() != null) {
            overrides.annotations().forEach(annotations::put);
        }
        return new Pod(labels.labels(), annotations, pod, dropped, labels, init, mesh);
    }

    /** Removes the mounts no pod volume backs (a StatefulSet's volumeClaimTemplates: a per-replica claim a Job cannot share). */
    private static void unbacked(ObjectNode container, Set<String> podVolumes, List<String> dropped) {
        if (container.get("volumeMounts") instanceof ArrayNode mounts) {
            for (int i = mounts.size() - 1; i >= 0; i--) {
                String name = mounts.get(i).path("name").asText();
                if (!podVolumes.contains(name)) {
                    mounts.remove(i);
                    if (!dropped.contains(name)) {
                        dropped.add(0, name);
                    }
                }
            }
            if (mounts.isEmpty()) {
                container.remove("volumeMounts");
            }
        }
    }

    private static void setIfGiven(ObjectNode pod, String field, JsonNode value) {
        if (value != null) {
            pod.set(field, value.deepCopy());
        }
    }

    /** Sets a Job template's metadata: the inherited labels (sluice's last, they win) and annotations. */
    /** A list of the plan as an array of copies; null stays null (not given). */
    private static ArrayNode copies(List<JsonNode> items) {
        if (items == null) {
            return null;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        items.forEach(i -> out.add(i == null ? JsonNodeFactory.instance.nullNode() : i.deepCopy()));
        return out;
    }

    static void metadata(ObjectNode template, ObjectNode labels, ObjectNode annotations) {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.set("labels", labels);
        if (!annotations.isEmpty()) {
            meta.set("annotations", annotations);
        }
        template.set("metadata", meta);
        ObjectNode spec = (ObjectNode) template.remove("spec");
        template.set("spec", spec);
    }

    private static ObjectNode defaultResources() {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.putObject("requests").put("cpu", "100m").put("memory", "256Mi");
        return r;
    }

    /** The ServiceAccount a pod built from {@code src} runs as. */
    static String serviceAccount(ResolvedPlan.Source src) {
        return src.workload().serviceAccountName();
    }
}
