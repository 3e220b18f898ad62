package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.downstream.Made;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.kube.Keys;

import java.util.List;

/**
 * The migration Job: the chosen container's image, env, envFrom and mounts in a copy of its pod
 * ({@link Inherited}), with the plan's command; its name carries a
 * hash of that content, so a changed migration is a new Job (never an immutable-field patch) and an
 * unchanged one is byte-identical. It never writes the record: the record Job does, as sluice's own
 * ServiceAccount, once it sees this Job complete. Where hooks are ignored, its first step reads the
 * record and ends the Job before anything else runs when this migration has run already.
 */
final class MigrationJob {
    static final String MIGRATE_CONTAINER = "migrate";
    /** The Job's main container: it starts only after migrate succeeded, and needs no API access. */
    static final String DONE_CONTAINER = "done";
    /** Where hooks are ignored, the first init container: a recorded migration does not run again. */
    /** once.sh's exit code for "this migration has run already": the podFailurePolicy ends the Job on it. */
    static final int ALREADY_RUN_EXIT_CODE = 3;
    /** How long the first step retries reading the record (forbidden, API unreachable) before the Job fails. */
    static final int ONCE_TIMEOUT_SECONDS = 300;
    static final String RECORD_CONTAINER = "record";
    /** Where hooks are ignored, under scale-down: the step after sluice-once that waits until no old pod runs. */
    /** How much longer than the migration's deadline the record Job waits for the migration Job. */
    static final long RECORD_WAIT_SLACK_SECONDS = 300;
    private static final String DONE_SCRIPT = "echo \"sluice: migration $SLUICE_MIGRATION succeeded\"";

    private MigrationJob() {
    }

    /** The pod the migration runs with, before sluice's own containers: what its hash covers. */
    static Inherited.Pod migrationPod(Weaving w) {
        return migrationPod(w.plan(), w.selectors());
    }

    static Inherited.Pod migrationPod(ResolvedPlan plan, PodSelectors selectors) {
        MigrationPlan.Migration m = plan.plan().spec().migration();
        return Inherited.pod(plan.migration(), new Inherited.Run(MIGRATE_CONTAINER, m.image(), m.command(), m.args(),
                m.env(), m.resources()), "initContainers", m.pod(), selectors, plan.name());
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
        if (probe.oldPodsStopByRollout()) {
            // the quiesce Job shares the name's hash: a change of its targets, image or timeout is a new Job too
            ObjectNode q = (ObjectNode) ScaleDown.oldPodsJob(probe).path("spec").deepCopy();
            q.remove("ttlSecondsAfterFinished");
            input.set("quiesce", q);
        }
        return Names.sha256(Built.canonical(input)).substring(0, 10);
    }

    static int backoffLimit(MigrationPlan.Migration m) {
        return m.backoffLimit() != null ? m.backoffLimit() : Defaults.BACKOFF_LIMIT;
    }

    static long activeDeadline(MigrationPlan.Migration m) {
        return m.activeDeadlineSeconds() != null ? m.activeDeadlineSeconds() : Defaults.ACTIVE_DEADLINE_SECONDS;
    }

    /** None where the downstream deletes what leaves the output itself (kapp). */
    static Integer ttl(Weaving w) {
        return w.downstream().finishedJobsExpire() ? ttl(w.spec().migration()) : null;
    }

    static int ttl(MigrationPlan.Migration m) {
        return m.ttlSecondsAfterFinished() != null ? m.ttlSecondsAfterFinished() : Defaults.TTL_SECONDS_AFTER_FINISHED;
    }

    /** The record: a ConfigMap of the migrations that succeeded. */
    static void weaveRecord(Weaving w, Woven out) {
        out.add(record(w));
    }

    static void weaveRecordJob(Weaving w, Woven out) {
        out.add(recordJob(w));
    }

    static ObjectNode job(Weaving w) {
        ResolvedPlan plan = w.plan();
        MigrationPlan.Migration m = plan.plan().spec().migration();
        boolean once = !w.downstream().runsHooks();
        ObjectNode done = KubectlContainer.offline(DONE_CONTAINER, w.gateImage(), DONE_SCRIPT, List.of(
                KubectlContainer.env(Keys.ENV_MIGRATION, w.names().migrationHash())));
        Inherited.Pod pod = migrationPod(w);
        java.util.Map<String, String> own = new java.util.LinkedHashMap<>();
        own.put(Keys.SOURCE, Inherited.source(plan.migration()));
        if (!pod.init().summary().isEmpty()) {
            own.put(Keys.INIT_CONTAINERS, pod.init().summary());
        }
        Made made = Metadata.hook(w, "Job", Keys.ROLE_MIGRATION, "pre-install,pre-upgrade", w.migrationWeight(), "before-hook-creation");
        java.util.Map<String, String> annotations = Metadata.annotations(w, made, own);
        ObjectNode tree = Metadata.made(w, made, Built.resource("batch/v1", "Job",
                        Built.metadata(w.names().job(), annotations, withMigration(Metadata.labels(plan, Keys.ROLE_MIGRATION), w)))
                .put("spec", Built.object()
                        .put("activeDeadlineSeconds", activeDeadline(m))
                        .put("backoffLimit", backoffLimit(m))
                        // the same output applied again after the TTL removed the Job: it ends at once, the migration not run
                        .put("podFailurePolicy", once ? Built.object().objects("rules", Built.object()
                                .put("action", "FailJob")
                                .put("onExitCodes", Built.object()
                                        .put("containerName", Keys.ONCE_CONTAINER)
                                        .put("operator", "In")
                                        .put("values", JsonNodeFactory.instance.arrayNode().add(ALREADY_RUN_EXIT_CODE)))) : null)
                        .put("template", Built.object()
                                .put("metadata", Built.object())
                                .put("spec", Built.object()
                                        .objects("containers", List.of(done))
                                        .put("restartPolicy", "Never")))
                        .put("ttlSecondsAfterFinished", ttl(w)))
                .tree());
        ObjectNode template = (ObjectNode) tree.path("spec").path("template");
        ObjectNode labels = pod.labels().deepCopy();
        labels.put(Keys.PLAN, plan.name());
        labels.put(Keys.ROLE, Keys.ROLE_MIGRATION);
        labels.put(Keys.MIGRATION, w.names().migrationHash());
        Inherited.metadata(template, labels, pod.annotations());
        ObjectNode podSpec = (ObjectNode) template.path("spec");
        pod.spec().fields().forEachRemaining(e -> podSpec.set(e.getKey(), e.getValue()));
        if (once) {
            ObjectNode check = KubectlContainer.build(Keys.ONCE_CONTAINER, w.gateImage(), Scripts.ONCE, List.of(
                    KubectlContainer.env(Keys.ENV_MIGRATION, w.names().migrationHash()),
                    KubectlContainer.env(Keys.ENV_RECORD, w.names().record()),
                    KubectlContainer.env(Keys.ENV_TIMEOUT, Integer.toString(ONCE_TIMEOUT_SECONDS))));
            ArrayNode init = Nodes.array(podSpec, "initContainers");
            init.insert(0, check);
            if (w.oldPodsStopByRollout()) {
                init.insert(1, ScaleDown.afterOldPods(w));
            }
            ArrayNode volumes = Nodes.array(podSpec, "volumes");
            KubectlContainer.volumes().forEach(volumes::add);
        }
        return tree;
    }

    /**
     * The record Job: as sluice's own ServiceAccount (the only one allowed to write the record), it waits for
     * the migration Job of this revision to complete and records its hash. Where hooks run, after the migration
     * on upgrades and after the release's objects on a first install (the record does not exist before).
     */
    static ObjectNode recordJob(Weaving w) {
        ResolvedPlan plan = w.plan();
        MigrationPlan.Migration m = plan.plan().spec().migration();
        long timeout = (w.adopted() != null ? w.adopted().activeDeadline() : activeDeadline(m)) + RECORD_WAIT_SLACK_SECONDS;
        List<ObjectNode> env = new java.util.ArrayList<>(List.of(
                KubectlContainer.env(Keys.ENV_MIGRATION, w.names().migrationHash()),
                KubectlContainer.env(Keys.ENV_RECORD, w.names().record()),
                KubectlContainer.env(Keys.ENV_JOB, w.jobName()),
                KubectlContainer.env(Keys.ENV_TIMEOUT, Long.toString(timeout))));
        if (w.downstream().runsHooks()) {
            // a run before the release's objects exist (Argo CD maps pre-upgrade to PreSync) leaves it to the post-install run
            env.add(KubectlContainer.env(Keys.ENV_POST_INSTALL, "true"));
        }
        ObjectNode record = KubectlContainer.build(RECORD_CONTAINER, w.gateImage(), Scripts.RECORD, env);
        Made made = Metadata.hook(w, "Job", Keys.ROLE_RECORD, "pre-upgrade,post-install", w.weights().recordJob(), "before-hook-creation");
        return Metadata.made(w, made, Built.resource("batch/v1", "Job", Built.metadata(w.names().recordJob(),
                        Metadata.annotations(w, made), withMigration(Metadata.labels(plan, Keys.ROLE_RECORD), w)))
                .put("spec", Built.object()
                        .put("activeDeadlineSeconds", timeout + 120)
                        .put("backoffLimit", 2)
                        .put("template", Built.object()
                                .put("metadata", Built.metadata(null, null, java.util.Map.of(Keys.PLAN, plan.name(), Keys.ROLE, Keys.ROLE_RECORD)))
                                .put("spec", KubectlContainer.ownPod(w.names().recordAccess(), record)))
                        .put("ttlSecondsAfterFinished", ttl(w)))
                .tree());
    }

    private static java.util.Map<String, String> withMigration(java.util.Map<String, String> labels, Weaving w) {
        labels.put(Keys.MIGRATION, w.names().migrationHash());
        return labels;
    }

    /** The record of succeeded migrations: a release resource that outlives every Job. */
    static ObjectNode record(Weaving w) {
        Made made = Metadata.release(w, "ConfigMap", Keys.ROLE_RECORD, HookWeights.ROLE);
        return Metadata.made(w, made, Built.resource("v1", "ConfigMap",
                Built.metadata(w.names().record(), Metadata.annotations(w, made), Metadata.labels(w.plan(), Keys.ROLE_RECORD))).tree());
    }
}
