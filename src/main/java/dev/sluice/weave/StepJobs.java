package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.downstream.Made;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps teams wrap around a migration: before it (a backup, switching the app read-only) as
 * pre-install/pre-upgrade hooks weighted between stopping the old pods and the migration; after the
 * rollout (verification, the contract half of an expand/contract change) as post hooks after the
 * replicas are back. Each inherits from the app's container like the migration; a failed step fails
 * the upgrade.
 */
final class StepJobs {
    private StepJobs() {
    }

    static void weave(Weaving w, Woven out) {
        out.add(build(w, out.report()));
    }

    static List<ObjectNode> build(Weaving w, Report report) {
        MigrationPlan.Steps steps = w.spec().steps();
        List<ObjectNode> out = new ArrayList<>();
        if (steps == null) {
            return out;
        }
        List<MigrationPlan.Step> before = steps.before() == null ? List.of() : steps.before();
        List<MigrationPlan.Step> after = steps.after() == null ? List.of() : steps.after();
        for (int i = 0; i < before.size(); i++) {
            out.add(job(w, before.get(i), "pre-install,pre-upgrade", w.weights().stepsBefore().get(i), Keys.ROLE_STEP_BEFORE, report));
        }
        for (int i = 0; i < after.size(); i++) {
            out.add(job(w, after.get(i), "post-install,post-upgrade", w.weights().stepsAfter().get(i), Keys.ROLE_STEP_AFTER, report));
        }
        return out;
    }

    /** The pod a step runs in: the plan's pod overrides belong to the migration's source pod only. */
    static Inherited.Pod pod(ResolvedPlan plan, MigrationPlan.Step step, PodSelectors selectors) {
        ResolvedPlan.Source source = plan.steps().get(step.name());
        // a step from another workload takes that pod as it is
        MigrationPlan.Pod overrides = source.workload() == plan.source() ? plan.plan().spec().migration().pod() : null;
        return Inherited.pod(source,
                new Inherited.Run(step.name(), step.image(), step.command(), step.args(), step.env(), step.resources()),
                "containers", overrides, selectors, plan.name());
    }

    private static ObjectNode job(Weaving w, MigrationPlan.Step step, String phases, long weight, String role, Report report) {
        ResolvedPlan plan = w.plan();
        ResolvedPlan.Source source = plan.steps().get(step.name());
        Inherited.Pod pod = pod(plan, step, w.selectors());
        if (!pod.droppedMounts().isEmpty()) {
            report.note("plan " + plan.name() + ": step " + step.name() + " does not mount " + String.join(", ", pod.droppedMounts())
                    + ": no pod volume backs it");
        }
        if (source.workload() != plan.source()) {
            pod.notes(plan.name(), "step " + step.name() + " takes").forEach(report::add);
        }
        Map<String, String> own = new LinkedHashMap<>();
        own.put(Keys.SOURCE, Inherited.source(source));
        if (!pod.init().summary().isEmpty()) {
            own.put(Keys.INIT_CONTAINERS, pod.init().summary());
        }
        Made made = Metadata.hook(w, "Job", role, phases, weight, "before-hook-creation");
        Map<String, String> annotations = Metadata.annotations(w, made, own);
        ObjectNode tree = Metadata.made(w, made, Built.resource("batch/v1", "Job",
                        Built.metadata(w.names().stepJob(step.name()), annotations, Metadata.labels(plan, role)))
                .put("spec", Built.object()
                        .put("activeDeadlineSeconds", step.activeDeadlineSeconds() != null ? step.activeDeadlineSeconds() : Defaults.ACTIVE_DEADLINE_SECONDS)
                        .put("backoffLimit", step.backoffLimit() != null ? step.backoffLimit() : Defaults.BACKOFF_LIMIT)
                        .put("template", Built.object().put("spec", Built.object().put("restartPolicy", "Never"))))
                .tree());
        ObjectNode template = (ObjectNode) tree.path("spec").path("template");
        ObjectNode labels = pod.labels().deepCopy();
        labels.put(Keys.PLAN, plan.name());
        labels.put(Keys.ROLE, role);
        Inherited.metadata(template, labels, pod.annotations());
        ((ObjectNode) template.path("spec")).setAll(pod.spec());
        return tree;
    }
}
