package dev.sluice.check;

import dev.sluice.kube.Resource;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.plan.Rollouts;

import java.util.ArrayList;
import java.util.List;

/** SLU001: a rolling update with no room at all (maxSurge and maxUnavailable both 0), which the API rejects. */
public final class RolloutRoom extends Rule {
    public RolloutRoom() {
        super("SLU001", Severity.ERROR,
                "maxSurge and maxUnavailable both 0: the API rejects the Deployment or DaemonSet");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        List<Finding> out = new ArrayList<>();
        for (Resource r : stream.resources()) {
            String field = switch (r.kind()) {
                case "Deployment" -> "spec.strategy";
                case "DaemonSet" -> "spec.updateStrategy";
                default -> null;
            };
            if (field == null) {
                continue;
            }
            JsonNode strategy = r.object().path("spec").path(field.substring(5));
            if (!strategy.path("type").asText("RollingUpdate").equals("RollingUpdate")) {
                continue;
            }
            JsonNode rolling = strategy.path("rollingUpdate");
            JsonNode surge = rolling.path("maxSurge");
            JsonNode unavailable = rolling.path("maxUnavailable");
            // defaults: a Deployment surges 25%, a DaemonSet does not surge at all
            boolean noSurge = r.kind().equals("DaemonSet") ? surge.isMissingNode() || Rollouts.isZero(surge) : Rollouts.isZero(surge);
            if (noSurge && Rollouts.isZero(unavailable)) {
                out.add(finding(r, field + ".rollingUpdate",
                        "maxSurge and maxUnavailable are both 0" + (surge.isMissingNode() ? " (a DaemonSet's maxSurge defaults to 0)" : "")
                                + ", which the API rejects: the rollout could neither add nor remove a pod",
                        "set maxSurge to 1 or 25% and keep maxUnavailable: 0, so old pods serve while new ones wait for the migration"));
            }
        }
        return out;
    }
}
