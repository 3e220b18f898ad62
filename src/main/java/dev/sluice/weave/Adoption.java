package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Keys;
import dev.sluice.kube.Hook;
import dev.sluice.kube.Migrates;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.plan.Suggest;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code spec.migration.adopt}: the chart's own migration hook Job takes the place of sluice's migration Job. sluice never
 * changes what it runs (its spec is left as the chart wrote it); it marks it, on its metadata only, with this revision's
 * migration hash (the label the gate and the record Job read, so that a Job of the same name left from an earlier
 * release with another spec never opens a gate) and the plan that adopted it, and keeps it after it succeeds (no
 * {@code hook-succeeded}: on a first install the record is written post-install, after the pre-install hooks; Helm
 * still deletes it before the next run, {@code before-hook-creation}).
 *
 * @param job      the chart's Job, by name
 * @param document the document that holds it
 * @param hook     its hook annotations as Helm reads them
 * @param hash     this revision's migration hash: the plan, the Job's name and its spec
 */
record Adoption(String job, Document document, Hook hook, String hash) {
    static final String HOOK_SUCCEEDED = "hook-succeeded";

    /** The adopted Job of {@code plan} in {@code docs}, checked; null when the plan runs its own migration. */
    static Adoption find(ResolvedPlan plan, List<Document> docs, boolean hooksRun) {
        if (plan.plan().spec().migration().adopt() == null) {
            return null;
        }
        String name = plan.plan().spec().migration().adopt().job();
        String at = "plan " + plan.name() + ": spec.migration.adopt.job " + name;
        if (!hooksRun) {
            throw new PlanException(at + ": adopting the chart's migration needs Helm hooks, and this output goes where hooks"
                    + " are ignored (no Helm 4 annotations in the input: Helm 3's post-renderer or kubectl apply). Helm 3 never"
                    + " passes a chart's hooks to its post-renderer, so sluice cannot gate on them, and kubectl apply would"
                    + " apply the Job as a plain Job that cannot change on the next upgrade. Use Helm 4 (or --hooks=honoured"
                    + " where hooks do run: Argo CD), or remove spec.migration.adopt and give spec.migration.command");
        }
        String namespace = plan.source().object().path("metadata").path("namespace").asText("");
        List<Document> jobs = docs.stream().filter(d -> !d.empty() && d.mentions(name) && d.kind().equals("Job")
                && d.name().equals(name) && sameNamespace(d, namespace)).toList();
        if (jobs.isEmpty()) {
            List<String> migrations = Migrates.inChart(docs).stream().map(m -> m.job().name()).toList();
            throw new PlanException(at + " is not in the stream (no Job of that name" + (namespace.isEmpty() ? ""
                    : " in namespace " + namespace) + ")" + (migrations.isEmpty() ? "; the stream has no migration hook Job of the"
                    + " chart: remove spec.migration.adopt and give spec.migration.command"
                    : Suggest.closest(name, migrations).map(s -> "; did you mean " + s + "?").orElse("")
                    + " The chart's migration hook Jobs: " + String.join(", ", migrations)));
        }
        Document doc = jobs.get(0);
        Hook hook = Hook.of(doc.tree().orElseThrow()).orElseThrow(() -> new PlanException(at + " (" + doc.describe() + ") is not a Helm"
                + " hook: Helm applies it with the release, together with the workloads that would wait for it, and a Job's"
                + " spec cannot change on the next upgrade. Adopt a hook Job (helm.sh/hook: pre-install,pre-upgrade), or remove"
                + " spec.migration.adopt and give spec.migration.command"));
        if (!hook.events().contains("pre-install") || !hook.events().contains("pre-upgrade")) {
            Set<String> missing = new LinkedHashSet<>(List.of("pre-install", "pre-upgrade"));
            hook.events().forEach(missing::remove);
            throw new PlanException(at + " (" + doc.describe() + ") runs on " + String.join(", ", hook.events()) + ", not on "
                    + String.join(" and ", missing) + ": " + (missing.contains("pre-install") ? "on a first install it does not"
                    + " run, and the gated pods would wait for it until their timeout" : "on an upgrade it does not run before"
                    + " the new pods, which would wait for it until their timeout") + ". Adopt a Job the chart runs as a"
                    + " pre-install and pre-upgrade hook, or remove spec.migration.adopt and give spec.migration.command");
        }
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("plan", plan.name());
        input.put("adopt", name);
        input.set("spec", doc.tree().orElseThrow().path("spec").deepCopy());
        return new Adoption(name, doc, hook, Names.sha256(Built.canonical(input)).substring(0, 10));
    }

    /** The events Helm runs it on (what sluice's order is checked against). */
    List<String> events() {
        return hook.events();
    }

    /** How long it may run: its own activeDeadlineSeconds, else sluice's default (the record Job waits that long, and more). */
    long activeDeadline() {
        JsonNode d = document.tree().orElseThrow().path("spec").path("activeDeadlineSeconds");
        return d.canConvertToLong() && d.asLong() > 0 ? d.asLong() : Defaults.ACTIVE_DEADLINE_SECONDS;
    }

    /**
     * Marks the chart's Job as adopted: the hash label, the plan annotation, and no {@code hook-succeeded} (kept until Helm
     * deletes it before its next run). Its spec is untouched: what it runs is what the chart wrote.
     */
    List<String> mark(String plan) {
        ObjectNode meta = Nodes.object(document.edit(), "metadata");
        Nodes.object(meta, "labels").put(Keys.MIGRATION, hash);
        ObjectNode annotations = Nodes.object(meta, "annotations");
        annotations.put(Keys.ADOPTED_BY, plan);
        List<String> notes = new ArrayList<>();
        if (hook.deletePolicies().contains(HOOK_SUCCEEDED)) {
            List<String> kept = hook.deletePolicies().stream().filter(p -> !p.equals(HOOK_SUCCEEDED)).collect(Collectors.toList());
            if (!kept.contains("before-hook-creation")) {
                kept.add(0, "before-hook-creation");
            }
            annotations.put(Keys.HOOK_DELETE_POLICY, String.join(",", kept));
            notes.add("plan " + plan + ": the chart's migration Job " + job + " is adopted: its " + Keys.HOOK_DELETE_POLICY + " loses "
                    + HOOK_SUCCEEDED + " (now " + String.join(",", kept) + "), so that it is kept until the record has its success"
                    + " (on a first install the record Job runs post-install); Helm deletes it before its next run");
        }
        return notes;
    }

    private static boolean sameNamespace(Document d, String namespace) {
        String ns = d.metadata().path("namespace").asText("");
        return ns.isEmpty() || namespace.isEmpty() || ns.equals(namespace);
    }
}
