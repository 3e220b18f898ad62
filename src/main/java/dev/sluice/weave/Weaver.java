package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.downstream.Downstream;
import dev.sluice.kube.Needed;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.PlanResolver;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.plan.Workload;
import dev.sluice.stream.Document;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The weave: for each plan, gate its targets, make their rollouts keep old pods serving, and add the
 * migration Job, its record and the access they need. A pure function of the documents and plans.
 */
public final class Weaver {
    private Weaver() {
    }

    public record Result(List<Document> documents, Report report) {
    }

    /** One plan's weave, in order: each step reads the plan and adds to the output in turn. */
    private static final List<WeaveStep> STEPS = List.of(
            Weaver::aboutTheMigration,
            Weaver::skippedHooks,
            Targets::weave,
            AccessControl::weave,
            Weaver::strategyJobs,
            StepJobs::weave,
            Weaver::hookOrder,
            MigrationJob::weaveRecord,
            Weaver::migrationJob,
            Weaver::strategyNotes,
            MigrationJob::weaveRecordJob,
            Weaver::inNamespace,
            Weaver::done);

    /** The weave for {@code downstream}, who applies the output: it writes its own annotations on what sluice makes. */
    public static Result weave(List<Document> input, List<MigrationPlan> plans, Downstream downstream) {
        boolean helm4 = downstream.helm4();
        Report report = new Report();
        // sluice's own output as input: drop what it generated; it is generated again, identically
        List<Document> docs = input.stream().filter(d -> !generatedBySluice(d)).collect(Collectors.toCollection(ArrayList::new));
        List<Workload> workloads = PlanResolver.workloads(docs);
        List<ResolvedPlan> resolved = PlanResolver.resolve(plans, workloads);
        PodSelectors selectors = PodSelectors.in(docs);
        List<Document> generated = new ArrayList<>();
        java.util.Set<String> copied = new java.util.HashSet<>();
        java.util.Map<String, String> bases = NameChoice.bases(resolved);
        java.util.Map<String, String> taken = new java.util.HashMap<>();
        // the chart's hooks, and sluice's as they are placed: where they do not share Helm's weight order, none to keep
        HookSchedule schedule = downstream.ordersWithChartHooks() ? HookSchedule.of(docs) : new HookSchedule();
        boolean firstNote = true;
        // what the downstream says of each plan's order comes after the weave's own lines, its notes first
        Report ordered = new Report();
        java.util.Map<Document, String> adopted = new java.util.IdentityHashMap<>();
        for (ResolvedPlan plan : resolved) {
            int made = generated.size();
            OldPods strategy = OldPods.of(plan.plan().spec().strategy());
            boolean steps = plan.plan().spec().steps() != null && !plan.steps().isEmpty();
            downstream.check(plan.name(), strategy.word());
            if (!downstream.runsHooks()) {
                WithoutHooks.check(plan, strategy, steps);
            }
            String helm4File = helm4 ? chartOf(docs) + "/templates/sluice-" + plan.name() + ".yaml" : null;
            boolean stable = downstream.runsHooks();
            String namespace = plan.source().object().path("metadata").path("namespace").asText("");
            NameChoice.Parts parts = NameChoice.Parts.of(strategy, downstream.runsHooks(), steps ? List.copyOf(plan.steps().keySet()) : List.of());
            Adoption adoption = Adoption.find(plan, docs, downstream.runsHooks());
            if (adoption != null && adopted.putIfAbsent(adoption.document(), plan.name()) != null) {
                throw new PlanException("plan " + plan.name() + ": spec.migration.adopt.job " + adoption.job() + " is adopted by plan "
                        + adopted.get(adoption.document()) + " already: one Job records one migration under one plan's hash;"
                        + " gate both plans' targets in one plan, or give this plan spec.migration.command");
            }
            Names unhashed = new Names(bases.get(plan.name()), "0000000000", stable, java.util.Set.of());
            java.util.function.UnaryOperator<Names> hashed;
            if (adoption != null) {
                // the chart's Job is the migration: its spec is what a revision's hash covers
                hashed = n -> n.withHash(adoption.hash());
            } else {
                // the content hash covers the Job's spec, not its hook weight: base weights serve the probe
                HookWeights probeWeights = HookWeights.choose(layout(plan, unhashed, strategy, selectors, null), new HookSchedule());
                hashed = n -> n.withHash(MigrationJob.hash(
                        new Weaving(plan, n.withHash("0000000000"), downstream, helm4File, probeWeights, selectors, null)));
            }
            Names names = hashed.apply(unhashed);
            names = NameChoice.avoidStream(names, parts, docs, namespace, plan.name(), report, hashed);
            NameChoice.claim(taken, names, parts, namespace, plan.name());
            // Helm 4 writes "# Source:" itself, from the filename annotation
            String origin = helm4 ? null : "sluice/" + plan.name() + ".yaml";
            boolean copies = adoption == null || (steps && plan.plan().spec().steps().before() != null
                    && !plan.plan().spec().steps().before().isEmpty());
            if (downstream.makesFirstInstallCopies()) {
                // an adopted migration is the chart's: what it uses on a first install is the chart's to order (SLU007)
                for (ObjectNode copy : copies ? FirstInstallCopies.build(plan, selectors, docs, report, copied, schedule)
                        : List.<ObjectNode>of()) {
                    generated.add(Document.generated(copy, origin));
                }
            } else if (firstNote) {
                firstNote = false;
                downstream.firstNote().ifPresent(report::note);
            }
            HookWeights.Layout layout = layout(plan, names, strategy, selectors, adoption);
            HookWeights weights = adoption == null ? HookWeights.choose(layout, schedule) : HookWeights.adopted(layout, schedule);
            Weaving w = new Weaving(plan, names, downstream, helm4File, weights, selectors, adoption);
            Woven out = new Woven(docs, workloads, generated, origin, report, layout, schedule);
            for (WeaveStep step : STEPS) {
                step.weave(w, out);
            }
            downstream.woven(plan.name(), generated.subList(made, generated.size()), docs, plan.targets(), w.jobName(),
                    HookWeights.FIRST_INSTALL_COPIES, ordered);
        }
        ordered.entries().stream().filter(l -> l.kind() == Report.Kind.NOTE).forEach(report::add);
        ordered.entries().stream().filter(l -> l.kind() == Report.Kind.DONE).forEach(report::add);
        docs.addAll(generated);
        return new Result(docs, report);
    }

    /** What the migration's pod takes from the workload it copies, or the chart's migration Job the plan adopts. */
    private static void aboutTheMigration(Weaving w, Woven out) {
        ResolvedPlan plan = w.plan();
        Report report = out.report();
        Names names = w.names();
        Adoption adoption = w.adopted();
        if (adoption == null) {
            Inherited.Pod pod = MigrationJob.migrationPod(w);
            if (!pod.droppedMounts().isEmpty()) {
                report.note("plan " + plan.name() + ": the migration does not mount " + String.join(", ", pod.droppedMounts())
                        + ": no pod volume backs it (a StatefulSet volumeClaimTemplate is per replica)");
            }
            pod.notes(plan.name(), "the migration takes").forEach(report::add);
            ChartMigrations.note(plan.name(), out.docs(), names.job(), report);
        } else {
            HookWeights weights = w.weights();
            adoption.mark(plan.name()).forEach(report::note);
            report.done("plan " + plan.name() + ": adopts the chart's migration Job " + adoption.job() + " ("
                    + String.join(", ", adoption.events()) + " hook, weight " + adoption.hook().weight() + "): sluice runs no"
                    + " migration of its own" + (w.strategy().stopsOldPods() ? "; it runs after sluice has stopped the old pods"
                    + " (Job " + names.quiesceJob() + ", weight " + weights.quiesce() + ")" : "") + "; the record Job " + names.recordJob() + " (weight " + weights.recordJob()
                    + ") records its success as migration " + names.migrationHash());
        }
    }

    /** Hooks of the chart that a selector of spec.targets matches but skips. */
    private static void skippedHooks(Weaving w, Woven out) {
        ResolvedPlan plan = w.plan();
        for (Workload skipped : PlanResolver.skippedHooks(plan.plan(), out.workloads())) {
            out.report().note("plan " + plan.name() + ": " + skipped.describe() + " matches a selector of spec.targets but is a"
                    + " Helm hook (" + skipped.resource().hook().orElseThrow().written()
                    + "), which a selector skips: name it in spec.targets to gate it");
        }
    }

    /** The strategy's Jobs and the access they need. */
    private static void strategyJobs(Weaving w, Woven out) {
        out.add(w.strategy().objects(w));
    }

    private static void hookOrder(Weaving w, Woven out) {
        if (w.downstream().ordersWithChartHooks()) {
            noteOrder(w, out.layout(), w.strategy(), out.schedule(), out.report());
        }
    }

    /** sluice's migration Job, unless the plan adopts the chart's. */
    private static void migrationJob(Weaving w, Woven out) {
        if (w.adopted() == null) {
            ObjectNode job = MigrationJob.job(w);
            w.downstream().migrationJobComment(w.plan().name(), w.oldPodsStopByRollout())
                    .ifPresentOrElse(comment -> out.add(job, comment), () -> out.add(job));
        }
    }

    private static void strategyNotes(Weaving w, Woven out) {
        w.strategy().notes(w, out.report());
    }

    /** Objects sluice makes live where the plan's workloads live, when the chart says where. */
    private static void inNamespace(Weaving w, Woven out) {
        String namespace = w.plan().source().object().path("metadata").path("namespace").asText("");
        if (!namespace.isEmpty()) {
            for (Document d : out.generated()) {
                ObjectNode meta = (ObjectNode) d.tree().orElseThrow().path("metadata");
                if (!meta.has("namespace") && d.generated()) {
                    inNamespace(meta, namespace);
                }
            }
        }
    }

    /** What the plan's weave did, for the record. */
    private static void done(Weaving w, Woven out) {
        ResolvedPlan plan = w.plan();
        out.report().done("plan " + plan.name() + ": " + plan.targets().size() + " workload(s) wait for migration Job "
                + w.jobName() + (w.adopted() != null ? " (the chart's)" : "") + ": " + plan.targets().stream().map(t -> t.kind() + "/" + t.name())
                .collect(Collectors.joining(", ")));
    }

    /** What the plan's hooks are and what their pods use, before their weights are chosen. */
    static HookWeights.Layout layout(ResolvedPlan plan, Names names, OldPods strategy, PodSelectors selectors, Adoption adoption) {
        String namespace = plan.source().object().path("metadata").path("namespace").asText("");
        String records = "which lets the migration's success be recorded";
        List<HookWeights.Slot> access = new ArrayList<>(List.of(
                new HookWeights.Slot("Role/" + names.gateRole(), HookWeights.ROLE, HookWeights.PRE, Set.of(), records),
                new HookWeights.Slot("RoleBinding/" + names.gateRole(), HookWeights.ROLE_BINDING, HookWeights.PRE, Set.of(), records),
                new HookWeights.Slot("ServiceAccount/" + names.recordAccess(), HookWeights.RECORD_ACCOUNT, HookWeights.PRE, Set.of(), records),
                new HookWeights.Slot("Role/" + names.recordAccess(), HookWeights.RECORD_ROLE, HookWeights.PRE, Set.of(), records),
                new HookWeights.Slot("RoleBinding/" + names.recordAccess(), HookWeights.RECORD_ROLE_BINDING, HookWeights.PRE, Set.of(),
                        records)));
        access.addAll(strategy.slots(names));
        MigrationPlan.Steps steps = plan.plan().spec().steps();
        List<MigrationPlan.Step> before = steps == null || steps.before() == null ? List.of() : steps.before();
        List<MigrationPlan.Step> after = steps == null || steps.after() == null ? List.of() : steps.after();
        List<HookWeights.Slot> stepsBefore = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            stepsBefore.add(new HookWeights.Slot("Job/" + names.stepJob(before.get(i).name()), HookWeights.STEPS_BEFORE + i,
                    HookWeights.PRE, stepNeeds(plan, before.get(i), selectors), "a step the plan runs before the migration"));
        }
        List<HookWeights.Slot> stepsAfter = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            stepsAfter.add(new HookWeights.Slot("Job/" + names.stepJob(after.get(i).name()), HookWeights.STEPS_AFTER + i,
                    HookWeights.POST, stepNeeds(plan, after.get(i), selectors), ""));
        }
        HookWeights.Slot migration = adoption != null
                ? new HookWeights.Slot("Job/" + adoption.job(), adoption.hook().weight(), adoption.events(), Set.of(), "")
                : new HookWeights.Slot("Job/" + names.job(), HookWeights.MIGRATION, HookWeights.PRE,
                        Needed.by(MigrationJob.migrationPod(plan, selectors).spec(), "spec.template.spec"), "");
        HookWeights.Slot record = new HookWeights.Slot("Job/" + names.recordJob(), HookWeights.RECORD_JOB,
                HookWeights.RECORD_EVENTS, Set.of(), "");
        HookWeights.Slot restore = strategy.restoreSlot(names);
        Integer fixed = plan.plan().spec().migration().hookWeight();
        Long weight = adoption != null ? Long.valueOf(adoption.hook().weight()) : fixed == null ? null : fixed.longValue();
        return new HookWeights.Layout(plan.name(), namespace, access, stepsBefore, migration, record, weight, restore, stepsAfter);
    }

    private static Set<Needed> stepNeeds(ResolvedPlan plan, MigrationPlan.Step step, PodSelectors selectors) {
        return Needed.by(StepJobs.pod(plan, step, selectors).spec(), "spec.template.spec");
    }

    /**
     * Says why the migration runs where it does when a hook of the chart creates what it uses, and where the chart's own
     * hook Jobs run: before or after stopping the old pods, before or after the migration (Helm orders by weight only).
     */
    private static void noteOrder(Weaving w, HookWeights.Layout layout, OldPods strategy, HookSchedule schedule, Report report) {
        String plan = "plan " + w.plan().name() + ": ";
        HookWeights weights = w.weights();
        schedule.latestCreating(layout.migration().needs(), layout.namespace(), HookWeights.PRE).filter(HookSchedule.Entry::chart)
                .ifPresent(d -> report.done(plan + "the migration uses " + d.kindName() + ", which the chart creates as its own"
                        + " hook (weight " + d.weight() + ", " + String.join(", ", d.events()) + "): sluice runs the migration after"
                        + " it, at weight " + weights.migration()));
        List<HookSchedule.Entry> runs = new ArrayList<>(schedule.runs("pre-upgrade"));
        schedule.runs("pre-install").stream().filter(e -> !runs.contains(e)).forEach(runs::add);
        for (HookSchedule.Entry e : runs) {
            if (w.adopted() != null && e.kindName().equals("Job/" + w.adopted().job())) {
                continue;    // the migration itself
            }
            StringBuilder line = new StringBuilder(plan + "the chart's hook " + e.kindName() + " (weight " + e.weight() + ") runs ");
            if (strategy.stopsOldPods() && e.events().contains("pre-upgrade")) {
                line.append(e.weight() < weights.quiesce() ? "before sluice stops the old pods (weight " + weights.quiesce()
                        + "), while they still serve, and " : "after sluice has stopped the old pods, and ");
            }
            line.append(e.weight() < weights.migration() ? "before" : "after").append(" the migration (weight ")
                    .append(weights.migration()).append(')');
            report.note(line.toString());
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
        if (doc.empty() || !doc.mentions(Keys.GENERATED)) {
            return false;
        }
        return doc.metadata().path("annotations").has(Keys.GENERATED);
    }

    /** The chart name, from Helm 4's per-document file annotation ("chart/templates/x.yaml"). */
    static String chartOf(List<Document> docs) {
        for (Document d : docs) {
            if (d.empty() || !d.mentions(Keys.HELM4_FILENAME)) {
                continue;
            }
            String file = d.metadata().path("annotations").path(Keys.HELM4_FILENAME).asText("");
            int slash = file.indexOf('/');
            if (slash > 0) {
                return file.substring(0, slash);
            }
        }
        return "sluice";
    }
}
