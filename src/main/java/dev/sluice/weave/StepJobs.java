package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.ResolvedPlan;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.util.ArrayList;
import java.util.List;

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

    static List<ObjectNode> build(Weaving w, Report report) {
        MigrationPlan.Steps steps = w.spec().steps();
        List<ObjectNode> out = new ArrayList<>();
        if (steps == null) {
            return out;
        }
        List<MigrationPlan.Step> before = steps.before() == null ? List.of() : steps.before();
        List<MigrationPlan.Step> after = steps.after() == null ? List.of() : steps.after();
        for (int i = 0; i < before.size(); i++) {
            out.add(job(w, before.get(i), "pre-install,pre-upgrade", w.weights().stepsBefore().get(i), "before", report));
        }
        for (int i = 0; i < after.size(); i++) {
            out.add(job(w, after.get(i), "post-install,post-upgrade", w.weights().stepsAfter().get(i), "after", report));
        }
        return out;
    }

    /** The pod spec a step runs with; {@code dropped} receives the mounts left out because no pod volume backs them. */
    static ObjectNode podSpec(ResolvedPlan plan, MigrationPlan.Step step, List<String> dropped) {
        return Inherited.podSpec(plan.steps().get(step.name()),
                new Inherited.Run(step.name(), step.image(), step.command(), step.args(), step.env(), step.resources()),
                "containers", dropped);
    }

    private static ObjectNode job(Weaving w, MigrationPlan.Step step, String phases, long weight, String when, Report report) {
        ResolvedPlan plan = w.plan();
        List<String> dropped = new ArrayList<>();
        ObjectNode pod = podSpec(plan, step, dropped);
        if (!dropped.isEmpty()) {
            report.note("plan " + plan.name() + ": step " + step.name() + " does not mount " + String.join(", ", dropped)
                    + ": no pod volume backs it");
        }
        Job job = new JobBuilder()
                .withNewMetadata()
                .withName(w.names().stepJob(step.name()))
                .withLabels(Generated.labels(plan, "step-" + when))
                .withAnnotations(Generated.hook(w, phases, weight, "before-hook-creation"))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(step.backoffLimit() != null ? step.backoffLimit() : Defaults.BACKOFF_LIMIT)
                .withActiveDeadlineSeconds(step.activeDeadlineSeconds() != null ? step.activeDeadlineSeconds() : Defaults.ACTIVE_DEADLINE_SECONDS)
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels(Generated.PLAN_LABEL, plan.name())
                .addToLabels(Generated.ROLE_LABEL, "step-" + when)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        ObjectNode tree = Trees.tree(job);
        ObjectNode podSpec = (ObjectNode) tree.path("spec").path("template").path("spec");
        podSpec.setAll(pod);
        return tree;
    }
}
