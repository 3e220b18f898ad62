package dev.sluice.check;

import dev.sluice.kube.Resource;
import dev.sluice.kube.Gate;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.List;

/**
 * SLU008: a hook scales an HPA-managed Deployment (no spec.replicas) to 0 and nothing scales it back:
 * the upgrade leaves it at 0 (the manifest has no replicas to apply) and an HPA does not act on a
 * target at 0 replicas.
 */
public final class HpaScaledToZero extends Rule {
    public HpaScaledToZero() {
        super("SLU008", Severity.ERROR,
                "a hook scales an HPA-managed workload (no spec.replicas) to 0 and nothing restores it");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        List<Finding> out = new ArrayList<>();
        for (Resource hpa : stream.resources()) {
            if (!hpa.kind().equals("HorizontalPodAutoscaler")) {
                continue;
            }
            JsonNode ref = hpa.object().path("spec").path("scaleTargetRef");
            Resource target = stream.find(ref.path("kind").asText("Deployment"), ref.path("name").asText(""), hpa.namespace()).orElse(null);
            if (target == null || target.object().path("spec").has("replicas")) {
                continue;
            }
            if (restored(stream, target)) {
                continue;
            }
            for (Resource job : stream.withPods()) {
                if (job.hook().isEmpty()) {
                    continue;
                }
                JsonNode containers = job.podSpec().path("containers");
                for (int c = 0; c < containers.size(); c++) {
                    for (Commands.Scale scale : Commands.scales(Gate.commandLine(containers.get(c)))) {
                        if (scale.toZero() && scale.names(target.name(), target.labels())) {
                            out.add(finding(job, job.podSpecPath() + ".containers[" + c + "].command",
                                    "scales " + target.ref().kindName() + " to 0, which has no spec.replicas (" + hpa.ref().kindName()
                                            + " manages it), and nothing scales it back: the upgrade applies no replica count, and an HPA"
                                            + " does not act on a target at 0 replicas, so the app stays down",
                                    "save the count before scaling (kubectl get deployment " + target.name()
                                            + " -o jsonpath='{.spec.replicas}') and restore it in a later hook, or use sluice's rolling"
                                            + " strategy, which never stops the old pods"));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Something in the stream scales the target back up, or is a restore step sluice generated for it. */
    private static boolean restored(Rendered stream, Resource target) {
        for (Resource r : stream.withPods()) {
            if (r.labels().path(Keys.ROLE).asText("").contains("restore")) {
                return true;
            }
            for (JsonNode c : r.podSpec().path("containers")) {
                for (Commands.Scale scale : Commands.scales(Gate.commandLine(c))) {
                    if (!scale.toZero() && scale.names(target.name(), target.labels())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
