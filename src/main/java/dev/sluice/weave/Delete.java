package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Keys;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.plan.Strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * Strategy delete: a pre-upgrade Job deletes the targets (foreground) before the migration, and Helm creates them again
 * with the release. Where hooks are not run it cannot be done ({@link WithoutHooks}).
 */
record Delete() implements OldPods {
    @Override
    public Strategy word() {
        return Strategy.DELETE;
    }

    @Override
    public boolean stopsOldPods() {
        return true;
    }

    @Override
    public boolean deletesWorkloads() {
        return true;
    }

    @Override
    public void refuseWithoutHooks(ResolvedPlan plan) {
        throw new PlanException("plan " + plan.name() + ": strategy delete cannot be done" + WithoutHooks.WHERE + ": the Job that would delete the"
                + " targets is applied in the same apply as their new manifests, so it would delete the new objects and"
                + " nothing would create them again. Use strategy scale-down (here: Recreate, and the migration waits"
                + " until no old pod runs), or Helm 4, or --hooks=honoured where hooks do run (Argo CD)");
    }

    @Override
    public List<ObjectNode> objects(Weaving w) {
        List<ObjectNode> out = new ArrayList<>(Quiesce.access(w, Quiesce.rules(w, kind -> List.of("get", "delete"), kind -> false)));
        out.add(Quiesce.job(w, w.names().quiesceJob(), Keys.ROLE_QUIESCE, Quiesce.QUIESCE_SCRIPT, "pre-upgrade", w.weights().quiesce()));
        return out;
    }
}
