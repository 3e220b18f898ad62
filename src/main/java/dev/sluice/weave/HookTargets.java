package dev.sluice.weave;

import dev.sluice.plan.PlanException;
import dev.sluice.plan.Workload;
import dev.sluice.kube.Hook;

import java.util.List;

/**
 * Targets that the chart renders as Helm hooks (Sentry's {@code asHook: true} Deployments). Helm
 * creates them in a hook phase, ordered by weight among sluice's own hooks, and may wait for them
 * to be ready before the next weight. The gate is meaningful where they come after the migration
 * (any post-* phase, or a pre-* hook weighted above it): their pods pass it once the migration has
 * succeeded, and wait if it has not. A pre-install/pre-upgrade hook at or below the migration's weight
 * starts first, and its pods would wait for a migration that Helm starts only after it: refused.
 */
final class HookTargets {
    private static final List<String> BEFORE = List.of("pre-install", "pre-upgrade");

    private HookTargets() {
    }

    static void check(Weaving w, Workload target, Report report) {
        Hook hook = target.resource().hook().orElse(null);
        if (hook == null) {
            return;
        }
        String phases = hook.written();
        long weight = hook.weight();
        boolean before = hook.events().stream().anyMatch(BEFORE::contains);
        long migration = w.migrationWeight();
        if (w.downstream().runsHooks() && before && weight <= migration) {
            throw new PlanException("plan " + w.plan().name() + ": " + target.describe() + " is a Helm hook (" + phases
                    + ", weight " + weight + ") that Helm creates before the migration (weight " + migration + "): its pods"
                    + " would wait at the gate for a migration that has not started, and Helm may wait for them first."
                    + " Give it a helm.sh/hook-weight above " + migration + " (or set spec.migration.hookWeight below " + weight
                    + "), or leave it out of spec.targets");
        }
        if (w.downstream().runsHooks()) {
            report.note(target.describe() + ": a Helm hook (" + phases + ", weight " + weight + "), gated: Helm creates it"
                    + " after the migration (weight " + migration + "), so its pods pass the gate once the migration has succeeded");
        } else {
            report.note(target.describe() + ": annotated as a Helm hook (" + phases + "), but hooks are not run here: it is"
                    + " applied with the release and its pods wait at the gate like the others");
        }
    }
}
