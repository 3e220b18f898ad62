package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.MigrationPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The migration pod's labels: the source pod's, less the keys that would let a Service, a
 * PodDisruptionBudget, a workload or an HPA in the stream select it, keeping where it can the keys
 * NetworkPolicies select by (they admit the pod to its database). Where a key is needed by both, not
 * being taken for an app pod wins: a migration that cannot reach its database fails visibly and
 * the old pods keep serving; a pod counted as a replica or sent traffic does harm silently.
 */
record PodLabels(ObjectNode labels, Map<String, List<String>> removed, List<String> lostAdmission, List<String> unbreakable,
                 List<String> forced) {

    static PodLabels of(JsonNode source, String namespace, PodSelectors stream, MigrationPlan.Pod overrides) {
        ObjectNode labels = source.isObject() ? ((ObjectNode) source).deepCopy() : JsonNodeFactory.instance.objectNode();
        List<PodSelectors.Selecting> here = stream.all().stream().filter(s -> s.in(namespace)).toList();
        Set<String> needed = new LinkedHashSet<>();
        List<PodSelectors.Selecting> admittedBefore = new ArrayList<>();
        for (PodSelectors.Selecting s : here) {
            if (s.admits() && s.matches(labels)) {
                needed.addAll(s.keys());
                admittedBefore.add(s);
            }
        }
        Map<String, List<String>> removed = new LinkedHashMap<>();
        List<String> unbreakable = new ArrayList<>();
        while (true) {
            List<PodSelectors.Selecting> selecting = here.stream().filter(s -> !s.admits() && s.matches(labels)
                    && !unbreakable.contains(s.ref())).toList();
            if (selecting.isEmpty()) {
                break;
            }
            String key = choose(selecting, labels, needed);
            if (key == null) {
                selecting.stream().filter(s -> s.removableKeys().stream().noneMatch(labels::has))
                        .forEach(s -> unbreakable.add(s.ref()));
                continue;
            }
            List<String> broken = new ArrayList<>();
            ObjectNode without = labels.deepCopy();
            without.remove(key);
            selecting.stream().filter(s -> !s.matches(without)).forEach(s -> broken.add(s.ref()));
            labels.remove(key);
            removed.put(key, broken);
        }
        List<String> lost = new ArrayList<>();
        for (PodSelectors.Selecting s : admittedBefore) {
            if (!s.matches(labels) && !lost.contains(s.ref())) {
                lost.add(s.ref());
            }
        }
        List<String> forced = new ArrayList<>();
        if (overrides != null) {
            if (overrides.removeLabels() != null) {
                overrides.removeLabels().forEach(labels::remove);
            }
            if (overrides.labels() != null) {
                overrides.labels().forEach(labels::put);
                for (PodSelectors.Selecting s : here) {
                    if (!s.admits() && s.matches(labels) && !forced.contains(s.ref()) && !unbreakable.contains(s.ref())) {
                        forced.add(s.ref());
                    }
                }
            }
        }
        return new PodLabels(labels, removed, lost, unbreakable, forced);
    }

    /**
     * The key to remove next: one not needed by a NetworkPolicy if possible, then the one that breaks
     * the most selectors, then the first in the selectors' own order; null when none can break them.
     */
    private static String choose(List<PodSelectors.Selecting> selecting, ObjectNode labels, Set<String> needed) {
        Map<String, Integer> count = new LinkedHashMap<>();
        for (PodSelectors.Selecting s : selecting) {
            for (String k : s.removableKeys()) {
                if (labels.has(k)) {
                    count.merge(k, 1, Integer::sum);
                }
            }
        }
        String best = null;
        for (String k : count.keySet()) {
            if (best == null || better(k, best, count, needed)) {
                best = k;
            }
        }
        return best;
    }

    private static boolean better(String k, String best, Map<String, Integer> count, Set<String> needed) {
        if (needed.contains(k) != needed.contains(best)) {
            return !needed.contains(k);
        }
        return count.get(k) > count.get(best);
    }

    /**
     * What the rule did (done), and where it could not keep both promises (notes): empty when nothing selects the source
     * pod.
     */
    List<Report.Line> notes(String plan) {
        List<Report.Line> out = new ArrayList<>();
        if (!removed.isEmpty()) {
            Set<String> refs = new LinkedHashSet<>();
            removed.values().forEach(refs::addAll);
            out.add(new Report.Line(lostAdmission.isEmpty() ? Report.Kind.DONE : Report.Kind.NOTE, "plan " + plan + ": the migration pod has the app pod's labels except " + String.join(", ", removed.keySet())
                    + ", so that " + String.join(", ", refs) + " do" + (refs.size() == 1 ? "es" : "")
                    + " not take it for an app pod"
                    + (lostAdmission.isEmpty() ? "" : "; " + String.join(", ", lostAdmission) + " selected the app pod by a label"
                    + " left out and no longer select" + (lostAdmission.size() == 1 ? "s" : "") + " it (not being taken for an app pod"
                    + " comes first): if a NetworkPolicy must admit the migration to its database, give the pod a label it admits"
                    + " and no Service selects, with spec.migration.pod.labels")));
        }
        for (String ref : unbreakable) {
            out.add(new Report.Line(Report.Kind.NOTE, "plan " + plan + ": " + ref + " selects the migration pod whatever its labels"
                    + " (an empty selector, or only NotIn/DoesNotExist): it may count it; the pod is never Ready, so it receives no traffic"));
        }
        for (String ref : forced) {
            out.add(new Report.Line(Report.Kind.NOTE, "plan " + plan + ": spec.migration.pod.labels makes " + ref + " select the"
                    + " migration pod; it is never Ready, so it receives no traffic, but it may be counted as a replica"));
        }
        return out;
    }
}
