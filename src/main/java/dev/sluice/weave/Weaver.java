package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.PlanResolver;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.plan.Strategy;
import dev.sluice.plan.Workload;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The weave: for each plan, gate its targets, make their rollouts keep old pods serving, and add the
 * migration Job, its record and the access they need. A pure function of the documents and plans.
 */
public final class Weaver {
    private Weaver() {
    }

    /** In the output itself: Helm 3 shows a post-renderer's stderr only when it fails. */
    static final String IGNORED_HOOKS_NOTE = String.join("\n",
            "# sluice: Helm hooks are not run here (Helm 3 post-renderer, kubectl apply), so this migration Job is",
            "# applied with the release and new pods wait for it at their gate while old pods keep serving.",
            "# A failed migration fails the upgrade only with `helm upgrade --wait` (or --atomic).");

    public record Result(List<Document> documents, Report report) {
    }

    public static Result weave(List<Document> input, List<MigrationPlan> plans, Hooks hooks, boolean helm4) {
        Report report = new Report();
        // sluice's own output as input: drop what it generated; it is generated again, identically
        List<Document> docs = input.stream().filter(d -> !generatedBySluice(d)).collect(Collectors.toCollection(ArrayList::new));
        List<Workload> workloads = PlanResolver.workloads(docs);
        List<ResolvedPlan> resolved = PlanResolver.resolve(plans, workloads);
        List<Document> generated = new ArrayList<>();
        java.util.Set<String> copied = new java.util.HashSet<>();
        boolean firstNote = true;
        for (ResolvedPlan plan : resolved) {
            Strategy strategy = plan.plan().spec().strategy() == null ? Strategy.ROLLING : plan.plan().spec().strategy();
            boolean steps = plan.plan().spec().steps() != null && !plan.steps().isEmpty();
            if (hooks == Hooks.IGNORED && (strategy != Strategy.ROLLING || steps)) {
                throw new PlanException("plan " + plan.name() + ": " + (strategy != Strategy.ROLLING ? "strategy " + strategy.word()
                        : "spec.steps") + " needs Helm hooks to run in order before the new pods, and this output goes where hooks"
                        + " are ignored (no Helm 4 annotations in the input: Helm 3's post-renderer or kubectl apply). Use Helm 4,"
                        + " or --hooks=honoured where hooks do run (Argo CD); under Helm 3 use strategy rolling without steps");
            }
            String prefix = plan.plan().spec().namePrefix() != null ? plan.plan().spec().namePrefix() : plan.source().name();
            String helm4File = helm4 ? chartOf(docs) + "/templates/sluice-" + plan.name() + ".yaml" : null;
            boolean stable = hooks == Hooks.HONOURED;
            Weaving probe = new Weaving(plan, Names.of(prefix, plan.name(), "0000000000", stable), hooks, helm4File);
            Names names = Names.of(prefix, plan.name(), MigrationJob.hash(probe), stable);
            Weaving w = new Weaving(plan, names, hooks, helm4File);
            List<String> dropped = new ArrayList<>();
            MigrationJob.migrationPodSpec(plan, dropped);
            if (!dropped.isEmpty()) {
                report.note("plan " + plan.name() + ": the migration does not mount " + String.join(", ", dropped)
                        + ": no pod volume backs it (a StatefulSet volumeClaimTemplate is per replica)");
            }
            for (Workload target : plan.targets()) {
                WaitGate.apply(w, target);
                RolloutPatch.apply(w, target, report);
                if (target.kind().equals("Job")) {
                    report.note(target.describe() + ": a Job's pod template cannot change, and the gate in it changes with"
                            + " every new migration: the chart must give this Job a new name per release (or delete it"
                            + " before upgrading), or the upgrade fails with \"field is immutable\"");
                }
            }
            // Helm 4 writes "# Source:" itself, from the filename annotation
            String origin = helm4 ? null : "sluice/" + plan.name() + ".yaml";
            if (hooks == Hooks.HONOURED && helm4) {
                for (ObjectNode copy : FirstInstallCopies.build(w, docs, report, copied)) {
                    generated.add(Document.generated(copy, origin));
                }
            } else if (hooks == Hooks.HONOURED && firstNote) {
                firstNote = false;
                report.note("hooks honoured outside Helm 4 (Argo CD maps pre-install to PreSync, run on every sync): no"
                        + " first-install copies are made, so on a first sync the ServiceAccount, Secrets and ConfigMaps the"
                        + " migration uses must already exist");
            }
            for (ObjectNode access : AccessControl.build(w)) {
                generated.add(Document.generated(access, origin));
            }
            if (strategy != Strategy.ROLLING) {
                for (ObjectNode q : Quiesce.build(w, strategy)) {
                    generated.add(Document.generated(q, origin));
                }
            }
            for (ObjectNode step : StepJobs.build(w, report)) {
                generated.add(Document.generated(step, origin));
            }
            if (hooks == Hooks.HONOURED) {
                noteChartHooks(w, docs, report);
            }
            generated.add(Document.generated(MigrationJob.record(w), origin));
            generated.add(hooks == Hooks.IGNORED
                    ? Document.generated(MigrationJob.job(w), origin, IGNORED_HOOKS_NOTE)
                    : Document.generated(MigrationJob.job(w), origin));
            String namespace = plan.source().object().path("metadata").path("namespace").asText("");
            if (!namespace.isEmpty()) {
                for (Document d : generated) {
                    ObjectNode meta = (ObjectNode) d.tree().orElseThrow().path("metadata");
                    if (!meta.has("namespace") && d.generated()) {
                        inNamespace(meta, namespace);
                    }
                }
            }
            report.done("plan " + plan.name() + ": " + plan.targets().size() + " workload(s) wait for migration Job "
                    + names.job() + ": " + plan.targets().stream().map(t -> t.kind() + "/" + t.name())
                    .collect(Collectors.joining(", ")));
        }
        docs.addAll(generated);
        return new Result(docs, report);
    }

    /** Says where the chart's own pre-upgrade hooks run relative to the migration: Helm orders by weight only. */
    private static void noteChartHooks(Weaving w, List<Document> docs, Report report) {
        for (Document d : docs) {
            if (d.empty() || !d.mentions("helm.sh/hook")) {
                continue;
            }
            com.fasterxml.jackson.databind.JsonNode a = d.metadata().path("annotations");
            String phases = a.path("helm.sh/hook").asText("");
            if (!phases.contains("pre-upgrade") && !phases.contains("pre-install")) {
                continue;
            }
            int weight;
            try {
                weight = Integer.parseInt(a.path("helm.sh/hook-weight").asText("0").trim());
            } catch (NumberFormatException e) {
                continue;
            }
            String order = weight < w.migrationWeight() ? "before" : weight == w.migrationWeight() ? "at the same weight as (ordered by name)" : "after";
            report.note("plan " + w.plan().name() + ": the chart's hook " + d.kind() + "/" + d.name() + " (weight " + weight
                    + ") runs " + order + " the migration (weight " + w.migrationWeight() + "); set spec.migration.hookWeight to change that");
        }
    }

    /** Objects sluice makes live where the workloads they serve live, when the chart says where. */
    private static void inNamespace(ObjectNode meta, String namespace) {
        ObjectNode copy = meta.deepCopy();
        meta.removeAll();
        copy.fields().forEachRemaining(e -> {
            meta.set(e.getKey(), e.getValue());
            if (e.getKey().equals("name")) {
                meta.put("namespace", namespace);
            }
        });
        if (!meta.has("namespace")) {
            meta.put("namespace", namespace);
        }
    }

    static boolean generatedBySluice(Document doc) {
        if (doc.empty() || !doc.mentions(PlanResolver.GENERATED_ANNOTATION)) {
            return false;
        }
        return doc.metadata().path("annotations").has(PlanResolver.GENERATED_ANNOTATION);
    }

    /** The chart name, from Helm 4's per-document file annotation ("chart/templates/x.yaml"). */
    static String chartOf(List<Document> docs) {
        for (Document d : docs) {
            if (d.empty() || !d.mentions(Generated.HELM4_FILENAME)) {
                continue;
            }
            String file = d.metadata().path("annotations").path(Generated.HELM4_FILENAME).asText("");
            int slash = file.indexOf('/');
            if (slash > 0) {
                return file.substring(0, slash);
            }
        }
        return "sluice";
    }
}
