package dev.sluice.downstream;

import dev.sluice.kube.Keys;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.Strategy;
import dev.sluice.plan.Workload;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kapp applies the output ({@code --kapp}): change groups and change rules order sluice's access objects, then the
 * migration Job (kapp waits for it to complete), then the gated workloads. Helm hooks do not run under kapp.
 */
public record Kapp() implements Downstream {

    @Override
    public boolean runsHooks() {
        return false;
    }

    /** kapp deletes what leaves the output itself, and would re-create a Job its TTL removed and wait for it. */
    @Override
    public boolean finishedJobsExpire() {
        return false;
    }

    /** sluice's access objects in one change group; each Job in its own, upserted after them. */
    @Override
    public Map<String, String> annotations(Made made, Map<String, String> own) {
        Map<String, String> annotations = new LinkedHashMap<>(own);
        if (!made.kind().equals("Job")) {
            annotations.put(Keys.KAPP_GROUP, group(made.plan(), "access"));
            return annotations;
        }
        annotations.put(Keys.KAPP_GROUP, group(made.plan(), made.role()));
        annotations.put(Keys.KAPP_RULE, "upsert after upserting " + group(made.plan(), "access"));
        return annotations;
    }

    @Override
    public Optional<String> migrationJobComment(String plan, boolean oldPodsStopByRollout) {
        return Optional.of(String.join("\n",
                "# sluice: kapp applies this migration Job after " + group(plan, "access") + " and waits for it to complete;",
                "# the workloads that wait for it are upserted only then, so a failed migration fails `kapp deploy`",
                "# before any of them changes."));
    }

    @Override
    public void check(String plan, Strategy strategy) {
        if (strategy == Strategy.SCALE_DOWN) {
            throw new PlanException("plan " + plan + ": strategy scale-down cannot be done under --kapp: kapp upserts the"
                    + " gated workloads only after the migration Job has completed, and without hooks their old pods stop only"
                    + " when they roll (Recreate), so the migration would wait for them forever. Use strategy rolling with kapp");
        }
    }

    /** The gated workloads are upserted after the migration Job: a suffixed rule, so the chart's own rules stay. */
    @Override
    public void woven(String plan, List<Document> made, List<Document> stream, List<Workload> targets, String job, long wave,
                      Notes notes) {
        String group = group(plan, "migration");
        List<String> gated = new ArrayList<>();
        for (Document d : stream) {
            if (targets.stream().noneMatch(t -> t.document() == d)) {
                continue;
            }
            for (Workload w : Workload.in(d)) {
                if (targets.stream().anyMatch(t -> t.document() == d && t.kind().equals(w.kind()) && t.name().equals(w.name()))) {
                    ArgoCd.annotations(w.edit()).put(Keys.KAPP_RULE + ".sluice-migration", "upsert after upserting " + group);
                    gated.add(w.kind() + "/" + w.name());
                }
            }
        }
        notes.done("plan " + plan + ": kapp upserts sluice's access objects (change group " + group(plan, "access")
                + "), then migration Job " + job + " (" + group + ") and waits for it to complete, then "
                + (gated.isEmpty() ? "nothing else" : String.join(", ", gated))
                + "; a failed migration fails kapp deploy before any workload changes");
    }

    @Override
    public String runner() {
        return "kapp (--kapp): Helm hooks do not run; change groups order the work. kapp upserts sluice's access objects"
                + " first, then the migration Job, and waits for it to complete before it upserts the gated workloads";
    }

    /** A change group name: a qualified name as kapp requires, one per plan and step. */
    static String group(String plan, String step) {
        return "sluice.dev/" + plan + "-" + step;
    }
}
