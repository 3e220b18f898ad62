package dev.sluice.weave;

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

    /** Hook annotations where hooks run (Helm 4, Argo CD); none where they are ignored, so nothing half-honours them. */
    static Map<String, String> hook(Weaving w, String hooks, long weight, String deletePolicy) {
        if (w.hooks() == Hooks.IGNORED) {
            return plain(w.plan(), w.helm4File());
        }
        ResolvedPlan plan = w.plan();
        String helm4File = w.helm4File();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Keys.HOOK, hooks);
        annotations.put(Keys.HOOK_WEIGHT, HookWeights.of(weight));
        annotations.put(Keys.HOOK_DELETE_POLICY, deletePolicy);
        annotations.putAll(plain(plan, helm4File));
        return annotations;
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
