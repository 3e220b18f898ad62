package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.PlanResolver;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * On a first install Helm runs pre-install hooks before it creates the release's own
 * ServiceAccounts, Secrets and ConfigMaps, so the migration pod could not start. Where hooks are
 * honoured, sluice adds pre-install hook copies of exactly those the migration uses, weighted first
 * and deleted once the hooks are done (Helm then creates the originals).
 */
final class FirstInstallCopies {
    private FirstInstallCopies() {
    }

    record Needed(String kind, String name) {
    }

    static Set<Needed> needed(ObjectNode migrationPod) {
        Set<Needed> out = new LinkedHashSet<>();
        String sa = migrationPod.path("serviceAccountName").asText("");
        if (!sa.isEmpty() && !sa.equals("default")) {
            out.add(new Needed("ServiceAccount", sa));
        }
        for (JsonNode s : migrationPod.path("imagePullSecrets")) {
            out.add(new Needed("Secret", s.path("name").asText()));
        }
        for (JsonNode c : migrationPod.path("initContainers")) {
            for (JsonNode e : c.path("env")) {
                JsonNode from = e.path("valueFrom");
                addRef(out, "Secret", from.path("secretKeyRef"));
                addRef(out, "ConfigMap", from.path("configMapKeyRef"));
            }
            for (JsonNode e : c.path("envFrom")) {
                addRef(out, "Secret", e.path("secretRef"));
                addRef(out, "ConfigMap", e.path("configMapRef"));
            }
        }
        for (JsonNode v : migrationPod.path("volumes")) {
            if (v.has("secret")) {
                String name = v.path("secret").path("secretName").asText("");
                if (!name.isEmpty()) {
                    out.add(new Needed("Secret", name));
                }
            }
            addRef(out, "ConfigMap", v.path("configMap"));
            for (JsonNode source : v.path("projected").path("sources")) {
                addRef(out, "Secret", source.path("secret"));
                addRef(out, "ConfigMap", source.path("configMap"));
            }
        }
        return out;
    }

    private static void addRef(Set<Needed> out, String kind, JsonNode ref) {
        String name = ref.path("name").asText("");
        if (!name.isEmpty()) {
            out.add(new Needed(kind, name));
        }
    }

    /** The copies this plan needs that no earlier plan made ({@code copied}: kind/name, shared by all plans). */
    static List<ObjectNode> build(Weaving w, List<Document> docs, Report report, Set<String> copied) {
        Set<Needed> needed = needed(MigrationJob.migrationPod(w).spec());
        List<ObjectNode> copies = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Needed n : needed) {
            for (Document doc : docs) {
                if (doc.empty() || !doc.mentions(n.kind()) || !doc.mentions(n.name())) {
                    continue;
                }
                ObjectNode tree = doc.tree().orElseThrow();
                JsonNode meta = tree.path("metadata");
                if (!tree.path("kind").asText().equals(n.kind()) || !meta.path("name").asText().equals(n.name())
                        || meta.path("annotations").has(PlanResolver.HOOK_ANNOTATION)
                        || meta.path("annotations").has(PlanResolver.GENERATED_ANNOTATION)) {
                    continue;
                }
                String key = n.kind() + "/" + n.name();
                named.add(key);
                if (!copied.add(key)) {
                    break;
                }
                if (copied.size() > HookWeights.MAX_COPIES) {
                    report.note("plan " + w.plan().name() + ": more than " + HookWeights.MAX_COPIES
                            + " objects to copy for first install; " + n.kind() + "/" + n.name() + " not copied");
                    break;
                }
                ObjectNode copy = tree.deepCopy();
                ObjectNode annotations = Trees.object(Trees.object(copy, "metadata"), "annotations");
                annotations.put("helm.sh/hook", "pre-install");
                annotations.put("helm.sh/hook-weight", HookWeights.of(HookWeights.FIRST_INSTALL_COPIES + copied.size() - 1));
                annotations.put("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded,hook-failed");
                annotations.put(PlanResolver.GENERATED_ANNOTATION, w.plan().name());
                copies.add(copy);
                break;
            }
        }
        if (!named.isEmpty()) {
            report.note("plan " + w.plan().name() + ": first install: Helm runs pre-install hooks before it creates "
                    + String.join(", ", named) + "; sluice adds pre-install hook copies of them (deleted when the hooks"
                    + " are done) so that the migration can start");
        }
        return copies;
    }
}
