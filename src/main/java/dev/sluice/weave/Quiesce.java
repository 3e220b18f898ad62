package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.downstream.Made;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.Workload;
import dev.sluice.kube.Keys;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the strategies that stop the old pods ({@link ScaleDown}, {@link Delete}) share: their Jobs (stopping the old
 * pods before the migration, giving the replicas back after the rollout or a rollback), which run as their own
 * ServiceAccount with a Role limited by name to the targets. The count before is kept in an annotation on the workload
 * itself, because an HPA does not act on a target at 0 replicas and a Deployment without spec.replicas gets none from
 * Helm. An already-applied migration stops nothing.
 */
final class Quiesce {
    static final int DEFAULT_TIMEOUT_SECONDS = 300;
    /** Stops the old pods (scale-down: to 0, CronJobs suspended; delete: foreground deletion) and waits until none runs. */
    static final String QUIESCE_SCRIPT = Scripts.load("quiesce.sh");

    private Quiesce() {
    }

    /** Its ServiceAccount, and a Role with {@code rules} bound to it. */
    static List<ObjectNode> access(Weaving w, List<PolicyRule> rules) {
        List<ObjectNode> out = new ArrayList<>();
        String access = w.names().quiesceAccess();
        Made serviceAccount = Metadata.hook(w, "ServiceAccount", Keys.ROLE_QUIESCE, "pre-upgrade", w.weights().quiesceAccount(), "before-hook-creation");
        out.add(Metadata.made(w, serviceAccount, Built.tree(new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(access)
                .withLabels(Metadata.labels(w.plan(), Keys.ROLE_QUIESCE))
                .withAnnotations(Metadata.annotations(w, serviceAccount))
                .endMetadata()
                .withAutomountServiceAccountToken(false)
                .build())));
        Made role = Metadata.hook(w, "Role", Keys.ROLE_QUIESCE, "pre-upgrade", w.weights().quiesceRole(), "before-hook-creation");
        out.add(Metadata.made(w, role, Built.tree(new RoleBuilder()
                .withNewMetadata()
                .withName(access)
                .withLabels(Metadata.labels(w.plan(), Keys.ROLE_QUIESCE))
                .withAnnotations(Metadata.annotations(w, role))
                .endMetadata()
                .withRules(rules)
                .build())));
        Made roleBinding = Metadata.hook(w, "RoleBinding", Keys.ROLE_QUIESCE, "pre-upgrade", w.weights().quiesceRoleBinding(), "before-hook-creation");
        out.add(Metadata.made(w, roleBinding, Built.tree(new RoleBindingBuilder()
                .withNewMetadata()
                .withName(access)
                .withLabels(Metadata.labels(w.plan(), Keys.ROLE_QUIESCE))
                .withAnnotations(Metadata.annotations(w, roleBinding))
                .endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(access).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(access).endSubject()
                .build())));
        return out;
    }

    /**
     * The Role's rules, limited by name to the targets: on each kind of them the {@code verbs} the strategy needs (none:
     * no rule), and on its scale subresource where it {@code scales}; listing pods, and reading the record.
     */
    static List<PolicyRule> rules(Weaving w, Function<String, List<String>> verbs, Predicate<String> scales) {
        List<PolicyRule> rules = new ArrayList<>();
        for (String kind : List.of("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job")) {
            List<String> names = w.plan().targets().stream().filter(t -> t.kind().equals(kind)).map(Workload::name).distinct().toList();
            if (names.isEmpty() || verbs.apply(kind).isEmpty()) {
                continue;
            }
            String group = kind.equals("CronJob") || kind.equals("Job") ? "batch" : "apps";
            String resource = kind.toLowerCase(Locale.ROOT) + "s";
            rules.add(new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withResourceNames(names)
                    .withVerbs(verbs.apply(kind)).build());
            if (scales.test(kind)) {
                rules.add(new PolicyRuleBuilder().withApiGroups(group).withResources(resource + "/scale").withResourceNames(names)
                        .withVerbs("get", "patch", "update").build());
            }
        }
        // waiting for the old pods to be gone: listing cannot be limited by name
        rules.add(new PolicyRuleBuilder().withApiGroups("").withResources("pods").withVerbs("list").build());
        rules.add(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps").withResourceNames(w.names().record())
                .withVerbs("get").build());
        return rules;
    }

    /** The hooks of a strategy that stops the old pods: its access, then the Job that stops them. */
    static List<HookWeights.Slot> slots(Names names) {
        String runsAs = "which the quiesce Job runs as";
        return List.of(
                new HookWeights.Slot("ServiceAccount/" + names.quiesceAccess(), HookWeights.QUIESCE_ACCOUNT,
                        HookWeights.PRE_UPGRADE, Set.of(), runsAs),
                new HookWeights.Slot("Role/" + names.quiesceAccess(), HookWeights.QUIESCE_ROLE, HookWeights.PRE_UPGRADE,
                        Set.of(), runsAs),
                new HookWeights.Slot("RoleBinding/" + names.quiesceAccess(), HookWeights.QUIESCE_ROLE_BINDING,
                        HookWeights.PRE_UPGRADE, Set.of(), runsAs),
                new HookWeights.Slot("Job/" + names.quiesceJob(), HookWeights.QUIESCE, HookWeights.PRE_UPGRADE, Set.of(),
                        "which stops the old pods first: the migration would run while they still serve"));
    }

    /** A Job of the strategy: its {@code role} names its one container too. */
    static ObjectNode job(Weaving w, String name, String role, String script, String phases, long weight) {
        MigrationPlan.Quiesce q = w.spec().quiesce();
        int timeout = timeoutSeconds(w);
        String image = q != null && q.image() != null ? q.image() : w.gateImage();
        Container container = KubectlContainer.build(role, image, script, List.of(
                KubectlContainer.env(Keys.ENV_MIGRATION, w.names().migrationHash()),
                KubectlContainer.env(Keys.ENV_RECORD, w.names().record()),
                KubectlContainer.env(Keys.ENV_STRATEGY, w.strategy().word().word()),
                KubectlContainer.env(Keys.ENV_TIMEOUT, Integer.toString(timeout)),
                KubectlContainer.env(Keys.ENV_TARGETS, targets(w))));
        Made made = Metadata.hook(w, "Job", role, phases, weight, "before-hook-creation");
        JobBuilder builder = new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Metadata.labels(w.plan(), role))
                .addToLabels(w.oldPodsStopByRollout() ? Map.of(Keys.MIGRATION, w.names().migrationHash()) : Map.of())
                .withAnnotations(Metadata.annotations(w, made))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds((long) timeout + 120)
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels(Keys.PLAN, w.plan().name())
                .addToLabels(Keys.ROLE, role)
                .endMetadata()
                .withSpec(KubectlContainer.ownPod(w.names().quiesceAccess(), container))
                .endTemplate()
                .endSpec();
        if (w.oldPodsStopByRollout()) {
            // content-named, applied with the release: cleaned up as the migration Job is
            builder.editSpec().withTtlSecondsAfterFinished(MigrationJob.ttl(w.spec().migration())).endSpec();
        }
        return Metadata.made(w, made, Built.tree(builder.build()));
    }

    /** What the quiesce Job and its access are, to a reader of the output. */
    static Optional<String> describes(String role, boolean job) {
        if (!role.equals(Keys.ROLE_QUIESCE)) {
            return Optional.empty();
        }
        return Optional.of(job ? "the Job that stops the old pods before the migration (only when there is one to run)"
                : "access for stopping and restoring the old pods (by resource name only)");
    }

    /** How long the quiesce Job waits for the old pods (spec.quiesce.timeoutSeconds). */
    static int timeoutSeconds(Weaving w) {
        MigrationPlan.Quiesce q = w.spec().quiesce();
        return q != null && q.timeoutSeconds() != null ? q.timeoutSeconds() : DEFAULT_TIMEOUT_SECONDS;
    }

    /**
     * One line per target: kubectl resource, name, label selector of its pods. A CronJob has none: the
     * script finds its pods through its active Jobs, since a run's pods need no labels and carry the
     * labels of the revision that started it.
     */
    static String targets(Weaving w) {
        StringJoiner lines = new StringJoiner("\n");
        for (Workload t : w.plan().targets()) {
            String line = t.kind().toLowerCase(Locale.ROOT) + " " + t.name();
            lines.add(t.kind().equals("CronJob") ? line : line + " " + selector(t));
        }
        return lines.toString();
    }

    /** The workload's pod selector in kubectl -l syntax. */
    static String selector(Workload t) {
        JsonNode selector = t.object().path("spec").path("selector");
        StringJoiner parts = new StringJoiner(",");
        for (Map.Entry<String, JsonNode> e : iterable(selector.path("matchLabels"))) {
            parts.add(e.getKey() + "=" + e.getValue().asText());
        }
        for (JsonNode r : selector.path("matchExpressions")) {
            String key = r.path("key").asText();
            List<String> values = new ArrayList<>();
            r.path("values").forEach(v -> values.add(v.asText()));
            switch (r.path("operator").asText()) {
                case "In" -> parts.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> parts.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> parts.add(key);
                case "DoesNotExist" -> parts.add("!" + key);
                default -> {
                }
            }
        }
        if (parts.length() == 0 && t.kind().equals("Job")) {
            // the Job controller labels every pod of a Job with its name
            return Keys.JOB_NAME_LABEL + "=" + t.name();
        }
        if (parts.length() == 0) {
            throw new PlanException(t.describe() + ": no pod selector to wait for its pods with; give it spec.selector.matchLabels");
        }
        return parts.toString();
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
