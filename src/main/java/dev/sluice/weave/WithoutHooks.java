package dev.sluice.weave;

import dev.sluice.plan.PlanException;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.plan.Workload;

/**
 * What can be done where hooks are not run (Helm 3's post-renderer, kubectl apply, kpt): everything sluice adds is
 * applied with the release, in the same apply as the new workloads. Strategy scale-down works there for the workloads
 * whose own rollout can stop every old pod before a new one starts (Deployments with Recreate; CronJobs, whose new runs
 * come from the new, gated template); the rest is refused here, with the reason, before any output: each strategy says
 * what it cannot do there, the steps need hooks whatever the strategy.
 */
final class WithoutHooks {
    static final String WHERE = " where hooks are not run (no Helm 4 annotations in the input: Helm 3's"
            + " post-renderer, kubectl apply, kpt)";

    private WithoutHooks() {
    }

    static void check(ResolvedPlan plan, OldPods strategy, boolean steps) {
        String name = "plan " + plan.name() + ": ";
        strategy.refuseWithoutHooks(plan);
        if (steps) {
            throw new PlanException(name + "spec.steps needs Helm hooks to run in order around the migration and the"
                    + " rollout, and this output goes" + WHERE + ". Use Helm 4, or --hooks=honoured where hooks do run"
                    + " (Argo CD); here, leave spec.steps out");
        }
        for (Workload t : plan.targets()) {
            strategy.refuseWithoutHooks(plan, t);
        }
    }
}
