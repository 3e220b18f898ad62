package dev.sluice.weave;

import dev.sluice.plan.PlanException;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.stream.Document;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Chooses the names of what sluice generates so that none replaces one of the stream's own objects
 * or another plan's (I8), while a plan without a clash keeps the names it always had: a rename on
 * upgrade would orphan the record ConfigMap. Two plans that would share a base both take their plan
 * name into it; a name the chart uses already gets "-sluice" before its suffix; a clash that remains
 * is an error, before any output.
 */
final class NameChoice {
    private NameChoice() {
    }

    /** The prefix of a plan's names: spec.namePrefix, or the migration's source workload. */
    static String prefix(ResolvedPlan plan) {
        String prefix = plan.plan().spec().namePrefix();
        return prefix != null ? prefix : plan.source().name();
    }

    /** Each plan's base (by plan name): the usual one, or prefix-plan where plans would share the usual one. */
    static Map<String, String> bases(List<ResolvedPlan> plans) {
        Map<String, Integer> uses = new HashMap<>();
        for (ResolvedPlan plan : plans) {
            uses.merge(Names.base(prefix(plan), plan.name()), 1, Integer::sum);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (ResolvedPlan plan : plans) {
            String usual = Names.base(prefix(plan), plan.name());
            out.put(plan.name(), uses.get(usual) > 1 ? prefix(plan) + "-" + plan.name() : usual);
        }
        return out;
    }

    /**
     * The names, renamed where the stream has an object of the same kind and name in the plan's
     * namespace ({@code rehash} recomputes the migration hash, which covers the names); notes each.
     */
    static Names avoidStream(Names names, Parts parts, List<Document> docs, String namespace, String plan, Report report,
                             UnaryOperator<Names> rehash) {
        Map<Names.Named, Document> clashes = clashes(names.all(parts.quiesce(), parts.restore(), parts.steps()), docs, namespace);
        if (clashes.isEmpty()) {
            return names;
        }
        Set<String> keys = new LinkedHashSet<>();
        clashes.keySet().forEach(n -> keys.add(n.key()));
        Names moved = rehash.apply(names.withRenamed(keys));
        List<Names.Named> all = moved.all(parts.quiesce(), parts.restore(), parts.steps());
        Map<Names.Named, Document> left = clashes(all, docs, namespace);
        if (!left.isEmpty()) {
            Map.Entry<Names.Named, Document> first = left.entrySet().iterator().next();
            Names.Named was = clashes.keySet().stream().filter(n -> n.key().equals(first.getKey().key())).findFirst().orElseThrow();
            throw new PlanException("plan " + plan + ": " + was.describe() + " would replace the stream's own object, "
                    + clashes.get(was).describe() + ", and so would " + first.getKey().kind() + "/" + first.getKey().name()
                    + ", " + first.getValue().describe() + ": set spec.namePrefix to a prefix no object of the chart starts with");
        }
        for (Map.Entry<Names.Named, Document> c : clashes.entrySet()) {
            String renamed = all.stream().filter(n -> n.key().equals(c.getKey().key()) && n.kind().equals(c.getKey().kind()))
                    .findFirst().orElseThrow().name();
            Names.Named n = c.getKey();
            report.note("plan " + plan + ": " + c.getValue().describe() + " is the chart's own, so sluice names "
                    + n.role().words + (n.step() == null ? "" : " " + n.step()) + " " + n.kind() + "/" + renamed
                    + " instead (spec.namePrefix chooses the names)");
        }
        return moved;
    }

    /** Claims the plan's names; another plan's object of the same kind, name and namespace is an error. */
    static void claim(Map<String, String> taken, Names names, Parts parts, String namespace, String plan) {
        for (Names.Named n : names.all(parts.quiesce(), parts.restore(), parts.steps())) {
            String key = n.kind() + "/" + namespace + "/" + n.name();
            String other = taken.putIfAbsent(key, plan);
            if (other != null && !other.equals(plan)) {
                throw new PlanException("plans " + other + " and " + plan + " would both make " + n.kind() + "/" + n.name()
                        + " (" + n.role().words + " of plan " + plan + "): set spec.namePrefix in one of them");
            }
        }
    }

    /** What a plan makes besides the gate, the record and the migration Job. */
    record Parts(boolean quiesce, boolean restore, List<String> steps) {
        /** A plan's parts: what its strategy adds where hooks are treated so, and its steps. */
        static Parts of(OldPods strategy, boolean hooksRun, List<String> steps) {
            return new Parts(strategy.stopsOldPods(), strategy.restores(hooksRun), steps);
        }
    }

    private static Map<Names.Named, Document> clashes(List<Names.Named> named, List<Document> docs, String namespace) {
        String common = named.get(0).name();
        for (Names.Named n : named) {
            int i = 0;
            while (i < common.length() && i < n.name().length() && common.charAt(i) == n.name().charAt(i)) {
                i++;
            }
            common = common.substring(0, i);
        }
        Map<Names.Named, Document> out = new LinkedHashMap<>();
        for (Document d : docs) {
            if (d.empty() || !d.mentions(common)) {
                continue;
            }
            String ns = d.metadata().path("namespace").asText("");
            if (!ns.isEmpty() && !namespace.isEmpty() && !ns.equals(namespace)) {
                continue;
            }
            for (Names.Named n : named) {
                if (n.kind().equals(d.kind()) && n.name().equals(d.name())) {
                    out.putIfAbsent(n, d);
                }
            }
        }
        return out;
    }
}
