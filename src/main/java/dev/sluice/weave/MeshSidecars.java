package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Service-mesh proxies a migration pod must not inherit: Istio's and Linkerd's injected proxies run
 * as ordinary containers that never exit, so a Job whose pod has one never completes and the upgrade
 * hangs until its timeouts. The migration pod is kept out of the mesh; a plan that needs the mesh
 * (mTLS to the database) opts back in, with the mesh's native-sidecar setting, in spec.migration.pod.
 */
final class MeshSidecars {
    private MeshSidecars() {
    }

    /**
     * Sets every inherited mesh-injection label or annotation to its opt-out value, unless the plan gives
     * that key itself; returns the notes.
     */
    static List<String> keepOut(ObjectNode labels, ObjectNode annotations, Map<String, String> planLabels,
                                Map<String, String> planAnnotations, String plan) {
        List<String> notes = new ArrayList<>();
        for (Mesh mesh : Mesh.ALL) {
            String key = mesh.inject();
            for (ObjectNode meta : List.of(labels, annotations)) {
                Map<String, String> plans = meta == labels ? planLabels : planAnnotations;
                if (!meta.has(key) || meta.path(key).asText().equalsIgnoreCase(mesh.optOut()) || (plans != null && plans.containsKey(key))) {
                    continue;
                }
                String was = meta.path(key).asText();
                meta.put(key, mesh.optOut());
                String kind = meta == labels ? "labels" : "annotations";
                notes.add("plan " + plan + ": the app pod asks for a mesh proxy (" + key + ": \"" + was + "\"), which never exits"
                        + " in a Job: the migration pod gets " + key + ": \"" + mesh.optOut() + "\"; if it needs the mesh to reach"
                        + " its database, set spec.migration.pod." + kind + " {" + key + ": \"" + was + "\"} with the mesh's"
                        + " native sidecar (" + mesh.nativeSidecar() + ": \"true\"" + "), which stops when the Job is done");
            }
        }
        return notes;
    }
}
