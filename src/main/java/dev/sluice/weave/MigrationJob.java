package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.ResolvedPlan;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.util.List;

/**
 * The migration Job: the chosen container's image, env, envFrom and mounts in a copy of its pod
 * ({@link Inherited}), with the plan's command; its name carries a
 * hash of that content, so a changed migration is a new Job (never an immutable-field patch) and an
 * unchanged one is byte-identical. A second container records success in a ConfigMap that outlives
 * the Job.
 */
final class MigrationJob {
    static final String MIGRATE_CONTAINER = "migrate";
    static final String RECORD_CONTAINER = "record";

    private MigrationJob() {
    }

    /** The pod the migration runs with, before sluice's own containers: what its hash covers. */
    static Inherited.Pod migrationPod(Weaving w) {
        ResolvedPlan plan = w.plan();
        MigrationPlan.Migration m = plan.plan().spec().migration();
        return Inherited.pod(plan.migration(), new Inherited.Run(MIGRATE_CONTAINER, m.image(), m.command(), m.args(),
                m.env(), m.resources()), "initContainers", m.pod(), w.selectors(), plan.name());
    }

    /**
     * The content hash: everything in the Job's spec (which Kubernetes will not let change under one
     * name), computed with a placeholder where the hash itself appears.
     */
    static String hash(Weaving probe) {
        ObjectNode spec = (ObjectNode) job(probe).path("spec").deepCopy();
        spec.remove("ttlSecondsAfterFinished");
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("plan", probe.plan().name());
        input.set("spec", spec);
        return Names.sha256(Trees.canonical(input)).substring(0, 10);
    }

    static int backoffLimit(MigrationPlan.Migration m) {
        return m.backoffLimit() != null ? m.backoffLimit() : Defaults.BACKOFF_LIMIT;
    }

    static long activeDeadline(MigrationPlan.Migration m) {
        return m.activeDeadlineSeconds() != null ? m.activeDeadlineSeconds() : Defaults.ACTIVE_DEADLINE_SECONDS;
    }

    static ObjectNode job(Weaving w) {
        ResolvedPlan plan = w.plan();
        MigrationPlan.Migration m = plan.plan().spec().migration();
        Container record = KubectlContainer.build(RECORD_CONTAINER, w.gateImage(), Scripts.RECORD, List.of(
                KubectlContainer.env("SLUICE_MIGRATION", w.names().migrationHash()),
                KubectlContainer.env("SLUICE_RECORD", w.names().record()),
                KubectlContainer.env("SLUICE_JOB", w.names().job())));
        Integer ttl = w.hooks() == Hooks.HONOURED
                ? (m.ttlSecondsAfterFinished() != null ? m.ttlSecondsAfterFinished() : Defaults.TTL_SECONDS_AFTER_FINISHED)
                : null;
        Inherited.Pod pod = migrationPod(w);
        java.util.Map<String, String> annotations = new java.util.LinkedHashMap<>(Generated.hook(w, "pre-install,pre-upgrade",
                w.migrationWeight(), "before-hook-creation"));
        annotations.put(Inherited.SOURCE_ANNOTATION, Inherited.source(plan.migration()));
        if (!pod.init().summary().isEmpty()) {
            annotations.put(Inherited.INIT_CONTAINERS_ANNOTATION, pod.init().summary());
        }
        Job job = new JobBuilder()
                .withNewMetadata()
                .withName(w.names().job())
                .withLabels(Generated.labels(plan, "migration"))
                .addToLabels(Generated.MIGRATION_LABEL, w.names().migrationHash())
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(backoffLimit(m))
                .withActiveDeadlineSeconds(activeDeadline(m))
                .withTtlSecondsAfterFinished(ttl)
                .withNewTemplate()
                .withNewMetadata()
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withContainers(record)
                .withVolumes(KubectlContainer.volumes())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        ObjectNode tree = Trees.tree(job);
        ObjectNode template = (ObjectNode) tree.path("spec").path("template");
        ObjectNode labels = pod.labels().deepCopy();
        labels.put(Generated.PLAN_LABEL, plan.name());
        labels.put(Generated.ROLE_LABEL, "migration");
        labels.put(Generated.MIGRATION_LABEL, w.names().migrationHash());
        Inherited.metadata(template, labels, pod.annotations());
        ObjectNode podSpec = (ObjectNode) template.path("spec");
        pod.spec().fields().forEachRemaining(e -> {
            if (e.getKey().equals("volumes")) {
                ArrayNode volumes = Trees.array(podSpec, "volumes");
                ArrayNode merged = JsonNodeFactory.instance.arrayNode();
                merged.addAll((ArrayNode) e.getValue());
                merged.addAll(volumes);
                podSpec.set("volumes", merged);
            } else {
                podSpec.set(e.getKey(), e.getValue());
            }
        });
        return tree;
    }

    /** The record of succeeded migrations: a release resource that outlives every Job. */
    static ObjectNode record(Weaving w) {
        return Trees.tree(new ConfigMapBuilder()
                .withNewMetadata()
                .withName(w.names().record())
                .withLabels(Generated.labels(w.plan(), "record"))
                .withAnnotations(Generated.plain(w.plan(), w.helm4File()))
                .endMetadata()
                .build());
    }
}
