package dev.sluice.weave;

import dev.sluice.kube.Hook;
import dev.sluice.kube.Needed;
import dev.sluice.kube.Resource;
import dev.sluice.stream.Document;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hooks Helm will run, with their events and weights as Helm reads them: the chart's own, then
 * each hook sluice places. sluice places its hooks after the hooks that create what they use, and on
 * weights no other hook of the same event has (Helm would order a tie by name).
 */
final class HookSchedule {
    /** One hook: what it creates, when it runs, how people find it ({@code where}), and whether the chart made it. */
    record Entry(String kind, String name, String namespace, List<String> events, long weight, String where, boolean chart) {
        String kindName() {
            return kind + "/" + name;
        }

        /** "the chart's hook document 7 Job/x", or "sluice's hook Job/y". */
        String describe() {
            return (chart ? "the chart's hook " : "sluice's hook ") + where;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** The chart's hooks in {@code docs} (none of sluice's: the weave has dropped those). */
    static HookSchedule of(List<Document> docs) {
        HookSchedule schedule = new HookSchedule();
        for (Document doc : docs) {
            if (doc.empty() || !doc.mentions(Keys.HOOK)) {
                continue;
            }
            for (Resource r : Resource.all(List.of(doc))) {
                Hook hook = r.hook().orElse(null);
                if (hook != null && !hook.skippedByHelm()) {
                    schedule.entries.add(new Entry(r.kind(), r.name(), r.namespace(), hook.events(), hook.weight(), r.where(), true));
                }
            }
        }
        return schedule;
    }

    void place(String kind, String name, String namespace, List<String> events, long weight) {
        entries.add(new Entry(kind, name, namespace, List.copyOf(events), weight, kind + "/" + name, false));
    }

    /** A hook of one of {@code events} that already has {@code weight}. */
    Optional<Entry> tie(long weight, List<String> events) {
        return entries.stream().filter(e -> e.weight() == weight && shares(e, events)).findFirst();
    }

    /** The lowest weight from {@code from} upwards that no hook of {@code events} has. */
    long free(long from, List<String> events) {
        long weight = from;
        while (tie(weight, events).isPresent()) {
            weight++;
        }
        return weight;
    }

    /**
     * Of the hooks that create what {@code needs} names (in {@code namespace}) in one of {@code events}, the one Helm
     * runs last: a hook using them must come after it.
     */
    Optional<Entry> latestCreating(Set<Needed> needs, String namespace, List<String> events) {
        Entry latest = null;
        for (Entry e : entries) {
            if (!shares(e, events) || !sameNamespace(e.namespace(), namespace)) {
                continue;
            }
            for (Needed n : needs) {
                if (n.kind().equals(e.kind()) && n.name().equals(e.name()) && (latest == null || e.weight() > latest.weight())) {
                    latest = e;
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The chart's hook Jobs and Pods of {@code event}: work Helm runs in the same phase as sluice's. */
    List<Entry> runs(String event) {
        return entries.stream().filter(e -> e.events().contains(event) && e.chart()
                && (e.kind().equals("Job") || e.kind().equals("Pod"))).toList();
    }

    private static boolean shares(Entry e, List<String> events) {
        return e.events().stream().anyMatch(events::contains);
    }

    private static boolean sameNamespace(String a, String b) {
        return a.isEmpty() || b.isEmpty() || a.equals(b);
    }
}
