package dev.sluice.weave;

import dev.sluice.downstream.Downstream;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.ResolvedPlan;

/**
 * One plan's weaving context: the resolved plan, the names, who applies the output, their weights, and what selects
 * pods in the stream.
 */
record Weaving(ResolvedPlan plan, Names names, Downstream downstream, String helm4File, HookWeights weights, PodSelectors selectors,
               Adoption adopted) {
    /** The migration Job the gates and the record Job wait for: sluice's, or the chart's one the plan adopted. */
    String jobName() {
        return adopted != null ? adopted.job() : names.job();
    }

    MigrationPlan.Spec spec() {
        return plan.plan().spec();
    }

    String gateImage() {
        MigrationPlan.Wait w = spec().gate();
        return w != null && w.image() != null ? w.image() : Defaults.GATE_IMAGE;
    }

    /**
     * Strategy scale-down where hooks are not run: Kubernetes stops the old pods (Recreate), a Job applied with the
     * release waits until none runs, and the migration waits for that Job.
     */
    boolean oldPodsStopByRollout() {
        return strategy().stopsByRollout(downstream.runsHooks());
    }

    /** The plan's strategy, as the weave carries it out. */
    OldPods strategy() {
        return OldPods.of(spec().strategy());
    }

    long migrationWeight() {
        return weights.migration();
    }

    int timeoutSeconds() {
        MigrationPlan.Wait w = spec().gate();
        return w != null && w.timeoutSeconds() != null ? w.timeoutSeconds() : Defaults.WAIT_TIMEOUT_SECONDS;
    }
}
