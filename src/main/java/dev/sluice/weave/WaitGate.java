package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;

import java.util.List;

/**
 * The gate: the first initContainer of every target's pods. It passes when the record says this
 * revision's migration succeeded (so restarts and scale-outs pass even after the Job is gone),
 * records success when it sees the Job complete, and fails the pod when the Job failed.
 */
final class WaitGate {
    static final String CONTAINER = "sluice-wait";

    private WaitGate() {
    }

    static void apply(Weaving w, Workload target) {
        ObjectNode pod = target.editPodSpec();
        Container gate = KubectlContainer.build(CONTAINER, w.gateImage(), Scripts.GATE, List.of(
                KubectlContainer.env("SLUICE_MIGRATION", w.names().migrationHash()),
                KubectlContainer.env("SLUICE_RECORD", w.names().record()),
                KubectlContainer.env("SLUICE_JOB", w.names().job()),
                KubectlContainer.env("SLUICE_TIMEOUT", Integer.toString(w.timeoutSeconds()))));
        if (w.oldPodsStopByRollout()) {
            // how the quiesce Job tells this revision's pods from the old ones it waits for
            Trees.object(Trees.object(target.editPodTemplate(), "metadata"), "labels").put(Generated.MIGRATION_LABEL,
                    w.names().migrationHash());
        }
        ArrayNode init = Trees.array(pod, "initContainers");
        Trees.removeNamed(init, CONTAINER);
        init.insert(0, Trees.tree(gate));
        ArrayNode volumes = Trees.array(pod, "volumes");
        for (Volume v : KubectlContainer.volumes()) {
            Trees.removeNamed(volumes, v.getName());
            volumes.add(Trees.tree(v));
        }
    }
}
