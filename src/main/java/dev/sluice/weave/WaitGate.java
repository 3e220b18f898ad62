package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.Workload;
import dev.sluice.stream.WellKnown;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;

import java.util.List;

/**
 * The gate: the first initContainer of every target's pods. It passes when the record says this
 * revision's migration succeeded (so restarts and scale-outs pass even after the Job is gone),
 * records success when it sees the Job complete, and fails the pod when the Job failed.
 */
final class WaitGate {
    private WaitGate() {
    }

    static void apply(Weaving w, Workload target) {
        ObjectNode pod = target.editPodSpec();
        Container gate = KubectlContainer.build(WellKnown.GATE_CONTAINER, w.gateImage(), Scripts.GATE, List.of(
                KubectlContainer.env("SLUICE_MIGRATION", w.names().migrationHash()),
                KubectlContainer.env("SLUICE_RECORD", w.names().record()),
                KubectlContainer.env("SLUICE_JOB", w.names().job()),
                KubectlContainer.env("SLUICE_TIMEOUT", Integer.toString(w.timeoutSeconds()))));
        ArrayNode init = Trees.array(pod, "initContainers");
        Trees.removeNamed(init, WellKnown.GATE_CONTAINER);
        init.insert(0, Trees.tree(gate));
        ArrayNode volumes = Trees.array(pod, "volumes");
        for (Volume v : KubectlContainer.volumes()) {
            Trees.removeNamed(volumes, v.getName());
            volumes.add(Trees.tree(v));
        }
    }
}
