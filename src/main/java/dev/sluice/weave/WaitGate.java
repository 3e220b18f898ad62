package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.Workload;
import dev.sluice.kube.Keys;

import java.util.List;

/**
 * The gate: the first initContainer of every target's pods. It passes when the record says this
 * revision's migration succeeded (so restarts and scale-outs pass even after the Job is gone),
 * records success when it sees the Job complete, and fails the pod when the Job failed.
 * Built once per plan ({@link #of}) and copied into each target: every target of a plan waits the same way.
 */
final class WaitGate {
    private final ObjectNode container;
    private final List<ObjectNode> volumes;
    /** The migration hash labelled on each target's pods, or null where nothing tells old pods from new ones. */
    private final String revision;

    private WaitGate(ObjectNode container, List<ObjectNode> volumes, String revision) {
        this.container = container;
        this.volumes = volumes;
        this.revision = revision;
    }

    static WaitGate of(Weaving w) {
        ObjectNode gate = KubectlContainer.build(Keys.GATE_CONTAINER, w.gateImage(), Scripts.GATE, List.of(
                KubectlContainer.env(Keys.ENV_MIGRATION, w.names().migrationHash()),
                KubectlContainer.env(Keys.ENV_RECORD, w.names().record()),
                KubectlContainer.env(Keys.ENV_JOB, w.jobName()),
                KubectlContainer.env(Keys.ENV_TIMEOUT, Integer.toString(w.timeoutSeconds()))));
        List<ObjectNode> volumes = KubectlContainer.volumes();
        // how the quiesce Job tells this revision's pods from the old ones it waits for (scale-down where hooks are ignored)
        String revision = w.oldPodsStopByRollout() ? w.names().migrationHash() : null;
        return new WaitGate(gate, volumes, revision);
    }

    /** One plan's gate in one target (any gate an earlier run left there is replaced). */
    void apply(Workload target) {
        ObjectNode pod = target.editPodSpec();
        if (revision != null) {
            Nodes.object(Nodes.object(target.editPodTemplate(), "metadata"), "labels").put(Keys.MIGRATION, revision);
        }
        ArrayNode init = Nodes.array(pod, "initContainers");
        Nodes.removeNamed(init, Keys.GATE_CONTAINER);
        init.insert(0, container.deepCopy());
        ArrayNode podVolumes = Nodes.array(pod, "volumes");
        for (ObjectNode v : volumes) {
            Nodes.removeNamed(podVolumes, v.path("name").asText());
            podVolumes.add(v.deepCopy());
        }
    }
}
