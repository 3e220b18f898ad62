package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.downstream.Made;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.kube.Keys;

import java.util.LinkedHashMap;
import java.util.Map;

/** The metadata of what sluice makes: the labels and annotations every object it adds carries. */
final class Metadata {
    private static final String[] INHERITED_LABELS = {
            Keys.APP_INSTANCE, Keys.APP_PART_OF, Keys.APP_MANAGED_BY};

    private Metadata() {
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

    /** An object sluice runs as a Helm hook where hooks run ({@code hooks}: its Helm events), at {@code weight}. */
    static Made hook(Weaving w, String kind, String role, String hooks, long weight, String deletePolicy) {
        return new Made(w.plan().name(), kind, role, hooks, weight, deletePolicy);
    }

    /** A resource of the release wherever it is applied, falling at {@code weight} in sluice's order. */
    static Made release(Weaving w, String kind, String role, long weight) {
        return new Made(w.plan().name(), kind, role, null, weight, null);
    }

    /** Its annotations as built (Built.metadata sorts them): sluice's own, {@code extra}, and Helm's hook keys where they run. */
    static Map<String, String> annotations(Weaving w, Made made, Map<String, String> extra) {
        Map<String, String> own = plain(w.plan(), w.helm4File());
        own.putAll(extra);
        return w.downstream().annotations(made, own);
    }

    static Map<String, String> annotations(Weaving w, Made made) {
        return annotations(w, made, Map.of());
    }

    /** The object as sluice makes it: whoever applies the output adds its ordering annotations after sluice's. */
    static ObjectNode made(Weaving w, Made made, ObjectNode tree) {
        w.downstream().annotate(made, Nodes.object(Nodes.object(tree, "metadata"), "annotations"));
        return tree;
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
