package dev.sluice.weave;

import dev.sluice.downstream.Made;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.kube.Keys;

import java.util.LinkedHashMap;
import java.util.Map;

/** Labels and annotations that every object sluice makes carries. */
final class Generated {
    private static final String[] INHERITED_LABELS = {
            "app.kubernetes.io/instance", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by"};

    private Generated() {
    }

    static Map<String, String> labels(ResolvedPlan plan, String role) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String key : INHERITED_LABELS) {
            String value = plan.source().labels().path(key).asText("");
            if (!value.isEmpty()) {
                labels.put(key, value);
            }
        }
        labels.put(Keys.PLAN, plan.name());
        labels.put(Keys.ROLE, role);
        return labels;
    }

    /**
     * The annotations of a Job or object sluice runs as a Helm hook where hooks run: sluice's own ({@code extra} after
     * them), with what whoever applies the output orders it by.
     */
    static Map<String, String> hook(Weaving w, String kind, String role, String hooks, long weight, String deletePolicy,
                                    Map<String, String> extra) {
        Map<String, String> own = plain(w.plan(), w.helm4File());
        own.putAll(extra);
        return w.downstream().annotations(new Made(w.plan().name(), kind, role, hooks, weight, deletePolicy), own);
    }

    static Map<String, String> hook(Weaving w, String kind, String role, String hooks, long weight, String deletePolicy) {
        return hook(w, kind, role, hooks, weight, deletePolicy, Map.of());
    }

    /** A resource of the release wherever it is applied, falling at {@code weight} in sluice's order. */
    static Map<String, String> release(Weaving w, String kind, String role, long weight) {
        return w.downstream().annotations(new Made(w.plan().name(), kind, role, null, weight, null),
                plain(w.plan(), w.helm4File()));
    }

    static Map<String, String> plain(ResolvedPlan plan, String helm4File) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Keys.GENERATED, plan.name());
        if (helm4File != null) {
            annotations.put(Keys.HELM4_FILENAME, helm4File);
        }
        return annotations;
    }
}
