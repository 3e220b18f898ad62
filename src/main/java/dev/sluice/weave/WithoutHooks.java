package dev.sluice.weave;

import dev.sluice.plan.PlanException;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.plan.Strategy;
import dev.sluice.plan.Workload;

/**
 * What can be done where hooks are not run (Helm 3's post-renderer, kubectl apply, kpt): everything sluice adds is
 * applied with the release, in the same apply as the new workloads. Strategy scale-down works there for the workloads
 * whose own rollout can stop every old pod before a new one starts (Deployments with Recreate; CronJobs, whose new runs
 * come from the new, gated template); the rest is refused here, with the reason, before any output.
 */
final class WithoutHooks {
    private static final String WHERE = " where hooks are not run (no Helm 4 annotations in the input: Helm 3's"
            + " post-renderer, kubectl apply, kpt)";

    private WithoutHooks() {
    }

    static void check(ResolvedPlan plan, Strategy strategy, boolean steps) {
        String name = "plan " + plan.name() + ": ";
        if (strategy == Strategy.DELETE) {
            throw new PlanException(name + "strategy delete cannot be done" + WHERE + ": the Job that would delete the"
                    + " targets is applied in the same apply as their new manifests, so it would delete the new objects and"
                    + " nothing would create them again. Use strategy scale-down (here: Recreate, and the migration waits"
                    + " until no old pod runs), or Helm 4, or --hooks=honoured where hooks do run (Argo CD)");
        }
        if (steps) {
            throw new PlanException(name + "spec.steps needs Helm hooks to run in order around the migration and the"
                    + " rollout, and this output goes" + WHERE + ". Use Helm 4, or --hooks=honoured where hooks do run"
                    + " (Argo CD); here, leave spec.steps out");
        }
        if (strategy != Strategy.SCALE_DOWN) {
            return;
        }
        for (Workload t : plan.targets()) {
            String why = switch (t.kind()) {
                case "StatefulSet" -> "Kubernetes replaces a StatefulSet's pods one at a time (RollingUpdate) or only when"
                        + " deleted (OnDelete): no rollout of it stops every old pod before a new one starts, and a Job"
                        + " applied with the release cannot scale it to 0 first (it would race Helm's apply, and the next"
                        + " upgrade would set spec.replicas back)";
                case "DaemonSet", "Job" -> "a " + t.kind() + " has no replica count to stop";
                default -> null;
            };
            if (why != null) {
                throw new PlanException(name + "strategy scale-down cannot stop " + t.describe() + WHERE + ": " + why
                        + ". Leave it out of spec.targets, use strategy rolling, or Helm 4 (where a pre-upgrade hook scales it to 0 first)");
            }
        }
    }
}
