package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Hook;
import dev.sluice.kube.Needed;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.stream.Document;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * On a first install Helm runs pre-install hooks before it creates the release's own
 * ServiceAccounts, Secrets and ConfigMaps, so the migration pod could not start. Where hooks are
 * honoured, sluice adds pre-install hook copies of exactly those the migration (and the steps before
 * it) use, weighted first and deleted once the hooks are done (Helm then creates the originals). What
 * the chart makes as its own hook is not copied: sluice's Jobs are placed after that hook instead.
 */
final class FirstInstallCopies {
    private FirstInstallCopies() {
    }

    /** What the plan's pre-install Jobs (the steps before, the migration) use. */
    static Set<Needed> needed(ResolvedPlan plan, PodSelectors selectors) {
        List<JsonNode> pods = new ArrayList<>(List.of(MigrationJob.migrationPod(plan, selectors).spec()));
        MigrationPlan.Steps steps = plan.plan().spec().steps();
        if (steps != null && steps.before() != null) {
            for (MigrationPlan.Step step : steps.before()) {
                pods.add(StepJobs.pod(plan, step, selectors).spec());
            }
        }
        return Needed.by(pods, "spec.template.spec");
    }

    /**
     * The copies this plan needs that no earlier plan made ({@code copied}: kind/name, shared by all plans), each on the
     * lowest pre-install weight from -100 up that no other hook has; placed in {@code schedule}.
     */
    static List<ObjectNode> build(ResolvedPlan plan, PodSelectors selectors, List<Document> docs, Report report, Set<String> copied,
                                  HookSchedule schedule) {
        List<ObjectNode> copies = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Needed n : needed(plan, selectors)) {
            for (Document doc : docs) {
                if (doc.empty() || !doc.mentions(n.kind()) || !doc.mentions(n.name())) {
                    continue;
                }
                ObjectNode tree = doc.tree().orElseThrow();
                JsonNode meta = tree.path("metadata");
                if (!tree.path("kind").asText().equals(n.kind()) || !meta.path("name").asText().equals(n.name())
                        || Hook.of(tree).isPresent()
                        || meta.path("annotations").has(Keys.GENERATED)) {
                    continue;
                }
                String key = n.kindName();
                named.add(key);
                if (!copied.add(key)) {
                    break;
                }
                if (copied.size() > HookWeights.MAX_COPIES) {
                    report.note("plan " + plan.name() + ": more than " + HookWeights.MAX_COPIES
                            + " objects to copy for first install; " + key + " not copied");
                    break;
                }
                long weight = schedule.free(HookWeights.FIRST_INSTALL_COPIES, HookWeights.INSTALL);
                ObjectNode copy = tree.deepCopy();
                ObjectNode annotations = Nodes.object(Nodes.object(copy, "metadata"), "annotations");
                annotations.put(Keys.HOOK, "pre-install");
                annotations.put(Keys.HOOK_WEIGHT, HookWeights.of(weight));
                annotations.put(Keys.HOOK_DELETE_POLICY, "before-hook-creation,hook-succeeded,hook-failed");
                annotations.put(Keys.GENERATED, plan.name());
                schedule.place(n.kind(), n.name(), meta.path("namespace").asText(""), HookWeights.INSTALL, weight);
                copies.add(copy);
                break;
            }
        }
        if (!named.isEmpty()) {
            report.done("plan " + plan.name() + ": first install: Helm runs pre-install hooks before it creates "
                    + String.join(", ", named) + "; sluice adds pre-install hook copies of them (deleted when the hooks"
                    + " are done) so that the migration can start");
        }
        return copies;
    }
}
