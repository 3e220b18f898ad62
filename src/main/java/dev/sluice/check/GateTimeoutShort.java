package dev.sluice.check;

import dev.sluice.kube.Resource;
import dev.sluice.kube.Gate;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import java.util.ArrayList;
import java.util.List;

/** SLU009: a gate gives up before the migration it waits for may have finished. */
public final class GateTimeoutShort extends Rule {
    public GateTimeoutShort() {
        super("SLU009", Severity.WARNING,
                "a gate's wait timeout is shorter than the migration Job's activeDeadlineSeconds");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        List<Finding> out = new ArrayList<>();
        for (Resource r : stream.withPods()) {
            for (Gate gate : Gate.in(r.podSpec())) {
                Resource job = stream.find("Job", gate.job(), r.namespace()).orElse(null);
                if (job == null || !job.object().path("spec").path("activeDeadlineSeconds").canConvertToLong()) {
                    continue;
                }
                long deadline = job.object().path("spec").path("activeDeadlineSeconds").asLong();
                if (gate.timeoutSeconds() >= deadline) {
                    continue;
                }
                String field = r.podSpecPath() + ".initContainers[" + gate.index() + "]" + (gate.sluice() ? ".env.SLUICE_TIMEOUT" : ".command");
                out.add(finding(r, field,
                        "init container " + gate.container() + " gives up after " + gate.timeoutSeconds() + "s"
                                + (gate.sluice() || gate.timeoutSeconds() != Gate.KUBECTL_WAIT_DEFAULT_TIMEOUT ? "" : " (kubectl wait's default --timeout)")
                                + " but Job " + gate.job() + " may migrate for " + deadline + "s (activeDeadlineSeconds): a slow migration"
                                + " makes new pods fail and restart (Init:CrashLoopBackOff) while it is still running",
                        gate.sluice() ? "set spec.wait.timeoutSeconds in the plan to at least " + deadline
                                : "pass --timeout=" + deadline + "s (or more) to kubectl wait"));
            }
        }
        return out;
    }
}
