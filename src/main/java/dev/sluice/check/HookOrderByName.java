package dev.sluice.check;

import dev.sluice.kube.Keys;
import dev.sluice.kube.Resource;
import dev.sluice.kube.Hook;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SLU006: hooks of one event with the same weight: Helm orders them by name, which nobody chose. */
public final class HookOrderByName extends Rule {
    public HookOrderByName() {
        super("SLU006", Severity.WARNING,
                "hooks of one phase with the same weight: their order depends on their names");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        // per hook that runs second (or later) in a tie: the events, and who runs first
        Map<Resource, Set<String>> events = new LinkedHashMap<>();
        Map<Resource, Set<String>> before = new LinkedHashMap<>();
        for (String event : Hook.EVENTS) {
            Map<Long, List<Resource>> byWeight = new LinkedHashMap<>();
            for (Resource r : stream.hooks()) {
                Hook hook = r.hook().orElseThrow();
                if (hook.runsOn(event)) {
                    byWeight.computeIfAbsent(hook.weight(), w -> new ArrayList<>()).add(r);
                }
            }
            for (List<Resource> tie : byWeight.values()) {
                if (tie.size() < 2) {
                    continue;
                }
                tie.sort(java.util.Comparator.comparing(Resource::name));
                for (int i = 1; i < tie.size(); i++) {
                    events.computeIfAbsent(tie.get(i), k -> new LinkedHashSet<>()).add(event);
                    before.computeIfAbsent(tie.get(i), k -> new LinkedHashSet<>()).add(tie.get(0).ref().kindName());
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<Resource, Set<String>> e : events.entrySet()) {
            Resource r = e.getKey();
            long weight = r.hook().orElseThrow().weight();
            out.add(finding(r, "metadata.annotations." + Keys.HOOK_WEIGHT,
                    "runs after " + String.join(", ", before.get(r)) + " only because of its name: same weight " + weight
                            + " in " + String.join(", ", e.getValue()) + " (Helm breaks weight ties by name, Argo CD by kind, then name)",
                    "give each hook its own weight, e.g. helm.sh/hook-weight: \"" + (weight + 1) + "\", so the order is stated"));
        }
        return out;
    }
}
