package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.ResolvedPlan;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a Job sluice makes takes from the app's container: image, env, envFrom, mounts (and the
 * volumes they use), working directory and security context; from its pod: service account, pull
 * secrets, security context and token automounting. Nothing else: not the sidecars, not the probes.
 */
final class Inherited {
    private static final String[] CONTAINER_FIELDS = {"env", "envFrom", "volumeMounts", "workingDir", "securityContext"};
    private static final String[] POD_FIELDS = {"serviceAccountName", "imagePullSecrets", "securityContext",
            "automountServiceAccountToken"};

    private Inherited() {
    }

    /** What to run in the inherited container. */
    record Run(String containerName, String image, List<String> command, List<String> args, List<JsonNode> env,
               JsonNode resources) {
    }

    /**
     * A pod spec holding the one inherited container in {@code list} ("initContainers" or
     * "containers"); {@code dropped} receives mounts left out because no pod volume backs them.
     */
    static ObjectNode podSpec(ResolvedPlan.Source src, Run run, String list, List<String> dropped) {
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
            ArrayNode env = Trees.array(container, "env");
            for (JsonNode e : run.env()) {
                Trees.removeNamed(env, e.path("name").asText());
                env.add(e.deepCopy());
            }
        }
        container.set("resources", run.resources() != null ? run.resources().deepCopy() : defaultResources());

        JsonNode sourcePod = src.workload().podSpec();
        ObjectNode pod = f.objectNode();
        for (String field : POD_FIELDS) {
            if (sourcePod.has(field)) {
                pod.set(field, sourcePod.get(field).deepCopy());
            }
        }
        if (!pod.has("serviceAccountName") && sourcePod.has("serviceAccount")) {
            pod.set("serviceAccountName", sourcePod.get("serviceAccount").deepCopy());
        }
        Set<String> podVolumes = new LinkedHashSet<>();
        for (JsonNode v : sourcePod.path("volumes")) {
            podVolumes.add(v.path("name").asText());
        }
        Set<String> used = new LinkedHashSet<>();
        if (container.get("volumeMounts") instanceof ArrayNode mounts) {
            for (int i = mounts.size() - 1; i >= 0; i--) {
                String name = mounts.get(i).path("name").asText();
                if (!podVolumes.contains(name)) {
                    // a StatefulSet's volumeClaimTemplates: a per-replica claim a Job cannot share
                    mounts.remove(i);
                    dropped.add(name);
                } else {
                    used.add(name);
                }
            }
            if (mounts.isEmpty()) {
                container.remove("volumeMounts");
            }
        }
        if (!used.isEmpty()) {
            ArrayNode volumes = pod.putArray("volumes");
            for (JsonNode v : sourcePod.path("volumes")) {
                if (used.contains(v.path("name").asText())) {
                    volumes.add(v.deepCopy());
                }
            }
        }
        pod.putArray(list).add(container);
        return pod;
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
