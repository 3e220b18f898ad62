package dev.sluice.check;

import dev.sluice.kube.Resource;
import dev.sluice.kube.Gate;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanResolver;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.plan.Workload;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** SLU002: a workload a plan targets (by spec.targets or the sluice.dev/plan annotation) whose pods have no gate. */
public final class MissingGate extends Rule {
    public MissingGate() {
        super("SLU002", Severity.ERROR,
                "a target of a plan (spec.targets or annotation sluice.dev/plan) without its sluice-wait gate");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        return check(stream, List.of());
    }

    @Override
    public List<Finding> check(Rendered stream, List<MigrationPlan> plans) {
        Map<Object, String> targets = new IdentityHashMap<>();
        List<Workload> workloads = PlanResolver.workloads(stream.documents());
        if (!plans.isEmpty()) {
            for (ResolvedPlan plan : PlanResolver.resolve(plans, workloads)) {
                plan.targets().forEach(t -> targets.put(t.object(), "plan " + plan.name()));
            }
        }
        for (Workload w : workloads) {
            String optIn = w.annotations().path(Keys.PLAN).asText("");
            if (!optIn.isEmpty()) {
                targets.putIfAbsent(w.object(), "annotation " + Keys.PLAN + ": " + optIn);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Resource r : stream.resources()) {
            String why = targets.get(r.object());
            if (why == null || Gate.in(r.podSpec()).stream().anyMatch(Gate::sluice)) {
                continue;
            }
            out.add(finding(r, r.podSpecPath() + ".initContainers",
                    "targeted by " + why + " but its pods have no " + Keys.GATE_CONTAINER
                            + " gate: new pods can start before the migration has run",
                    "run the stream through sluice (sluice -c sluice.yaml) before applying it, and apply sluice's output"));
        }
        return out;
    }
}
