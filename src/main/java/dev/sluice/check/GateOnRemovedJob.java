package dev.sluice.check;

import dev.sluice.kube.Resource;
import dev.sluice.kube.Hook;
import dev.sluice.kube.Gate;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * SLU003: the classic gate ({@code kubectl wait --for=condition=complete job/X}) waits on a Job that a
 * TTL or {@code hook-delete-policy: hook-succeeded} removes: every pod started after that waits in vain.
 */
public final class GateOnRemovedJob extends Rule {
    public GateOnRemovedJob() {
        super("SLU003", Severity.ERROR,
                "a gate (kubectl wait --for=condition=complete job/X) on a Job that ttlSecondsAfterFinished or hook-succeeded deletes");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        List<Finding> out = new ArrayList<>();
        for (Resource r : stream.withPods()) {
            for (Gate gate : Gate.in(r.podSpec())) {
                if (gate.sluice()) {
                    continue; // sluice's gate passes on its record once the Job is gone
                }
                Resource job = stream.find("Job", gate.job(), r.namespace()).orElse(null);
                if (job == null) {
                    continue;
                }
                String removal = removal(job);
                if (removal != null) {
                    out.add(finding(r, r.podSpecPath() + ".initContainers[" + gate.index() + "]",
                            "init container " + gate.container() + " waits for Job " + gate.job() + ", which " + removal
                                    + ": pods started after that (restart, node drain, HPA scale-out) wait for a Job that is gone, fail after "
                                    + gate.timeoutSeconds() + "s and restart forever",
                            "use sluice's gate, which records success in a ConfigMap that outlives the Job (sluice -c sluice.yaml), or keep the Job"
                                    + " (drop ttlSecondsAfterFinished and hook-succeeded)"));
                }
            }
        }
        return out;
    }

    static String removal(Resource job) {
        JsonNode ttl = job.object().path("spec").path("ttlSecondsAfterFinished");
        if (ttl.isNumber() || (ttl.isTextual() && !ttl.asText().isEmpty())) {
            return "Kubernetes deletes " + ttl.asText() + "s after it finishes (spec.ttlSecondsAfterFinished)";
        }
        Hook hook = job.hook().orElse(null);
        if (hook != null && hook.deletePolicies().contains("hook-succeeded")) {
            return "Helm deletes as soon as it succeeds (helm.sh/hook-delete-policy: hook-succeeded)";
        }
        return null;
    }
}
