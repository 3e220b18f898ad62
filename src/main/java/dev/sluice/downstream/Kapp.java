package dev.sluice.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

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
    public void annotate(Made made, ObjectNode annotations) {
        if (!made.kind().equals("Job")) {
            annotations.put(Keys.KAPP_GROUP, group(made.plan(), "access"));
            return;
        }
        annotations.put(Keys.KAPP_GROUP, group(made.plan(), made.role()));
        annotations.put(Keys.KAPP_RULE, "upsert after upserting " + group(made.plan(), "access"));
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
                    Annotations.edit(w.edit()).put(Keys.KAPP_RULE + ".sluice-migration", "upsert after upserting " + group);
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

    @Override
    public Order order(String event) {
        return new Order("kapp deploy", List.of(), List.of(), "weight", "", "upserted in the order of the change rules",
                "Jobs kapp waits for before it upserts what a change rule orders after them", "", "kapp upserts",
                "kapp waits for it to complete before it upserts what a change rule orders after its change group",
                "upserts what a change rule orders after this once it is reconciled (a Job: complete)",
                "what a change rule orders after it is not upserted", false, "kapp waits for it to complete",
                "kapp deploy fails", "nothing is upserted", "kapp deploy fails",
                "kapp deploy fails after its --wait-timeout");
    }

    /**
     * What kapp upserts at once, then what waits for those change groups, and so on; the Jobs of a group that a rule
     * waits for run to completion before anything after them.
     */
    @Override
    public <T> List<Batch<T>> batches(List<T> release, Function<T, JsonNode> annotations, Function<T, String> kind) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        Set<String> awaited = new java.util.HashSet<>();
        for (T o : release) {
            annotations.apply(o).fields().forEachRemaining(e -> {
                if (e.getKey().equals(Keys.KAPP_GROUP) || e.getKey().startsWith(Keys.KAPP_GROUP + ".")) {
                    groups.computeIfAbsent(e.getValue().asText(), g -> new ArrayList<>()).add(o);
                }
            });
            awaited.addAll(after(annotations.apply(o)));
        }
        Map<T, Integer> depth = new java.util.IdentityHashMap<>();
        TreeMap<Integer, List<T>> byDepth = new TreeMap<>();
        for (T o : release) {
            byDepth.computeIfAbsent(depth(o, annotations, groups, depth, 0), d -> new ArrayList<>()).add(o);
        }
        List<Batch<T>> out = new ArrayList<>();
        byDepth.forEach((d, objects) -> {
            Set<String> waitsFor = new java.util.TreeSet<>();
            objects.forEach(o -> waitsFor.addAll(after(annotations.apply(o))));
            java.util.function.Predicate<T> waited = o -> kind.apply(o).equals("Job")
                    && awaited.contains(annotations.apply(o).path(Keys.KAPP_GROUP).asText(""));
            out.add(new Batch<>(null, waitsFor.isEmpty() ? "at once" : "after change group " + String.join(", ", waitsFor),
                    objects.stream().filter(waited.negate()).toList(), objects.stream().filter(waited).toList(), false));
        });
        return out;
    }

    /** How many change rules stand between this object and kapp's first upserts (a cycle counts as none further). */
    private static <T> int depth(T o, Function<T, JsonNode> annotations, Map<String, List<T>> groups, Map<T, Integer> known,
                                 int seen) {
        Integer d = known.get(o);
        if (d != null) {
            return d;
        }
        int out = 0;
        if (seen < groups.size() + 1) {
            for (String group : after(annotations.apply(o))) {
                for (T before : groups.getOrDefault(group, List.of())) {
                    out = Math.max(out, depth(before, annotations, groups, known, seen + 1) + 1);
                }
            }
        }
        known.put(o, out);
        return out;
    }

    /** The change groups an object's rules upsert it after. */
    private static List<String> after(JsonNode annotations) {
        List<String> out = new ArrayList<>();
        annotations.fields().forEachRemaining(e -> {
            String rule = e.getValue().asText("");
            if ((e.getKey().equals(Keys.KAPP_RULE) || e.getKey().startsWith(Keys.KAPP_RULE + "."))
                    && rule.startsWith("upsert after upserting ")) {
                out.add(rule.substring("upsert after upserting ".length()).trim());
            }
        });
        return out;
    }

    /** A change group name: a qualified name as kapp requires, one per plan and step. */
    static String group(String plan, String step) {
        return Keys.PREFIX + plan + "-" + step;
    }
}
