package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Keys;
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
    public boolean deletesWorkloads() {
        return true;
    }

    @Override
    public List<ObjectNode> objects(Weaving w) {
        List<ObjectNode> out = new ArrayList<>(Quiesce.access(w, Quiesce.rules(w, kind -> List.of("get", "delete"), kind -> false)));
        out.add(Quiesce.job(w, w.names().quiesceJob(), Keys.ROLE_QUIESCE, Scripts.QUIESCE, "pre-upgrade", w.weights().quiesce()));
        return out;
    }
}
