package dev.sluice.weave;

import dev.sluice.plan.Workload;

/**
 * Each target of the plan, in one pass so that what is said of a target is said together: a target that is a Helm hook
 * checked, the gate put in its pods, its rollout patched to fit the strategy.
 */
final class Targets {
    private Targets() {
    }

    static void weave(Weaving w, Woven out) {
        Report report = out.report();
        WaitGate gate = WaitGate.of(w);
        for (Workload target : w.plan().targets()) {
            HookTargets.check(w, target, report);
            gate.apply(target);
            RolloutPatch.apply(w, target, report);
            if (target.kind().equals("Job")) {
                report.note(target.describe() + ": a Job's pod template cannot change, and the gate in it changes with"
                        + " every new migration: the chart must give this Job a new name per release (or delete it"
                        + " before upgrading), or the upgrade fails with \"field is immutable\"");
            }
        }
    }
}
