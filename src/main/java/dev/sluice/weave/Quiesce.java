package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.downstream.Made;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.Workload;
import dev.sluice.kube.Keys;

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
    static List<ObjectNode> access(Weaving w, List<ObjectNode> rules) {
        List<ObjectNode> out = new ArrayList<>();
        String access = w.names().quiesceAccess();
        Made serviceAccount = Metadata.hook(w, "ServiceAccount", Keys.ROLE_QUIESCE, "pre-upgrade", w.weights().quiesceAccount(), "before-hook-creation");
        out.add(Metadata.made(w, serviceAccount, AccessControl.serviceAccount(access, Metadata.annotations(w, serviceAccount),
                Metadata.labels(w.plan(), Keys.ROLE_QUIESCE))));
        Made role = Metadata.hook(w, "Role", Keys.ROLE_QUIESCE, "pre-upgrade", w.weights().quiesceRole(), "before-hook-creation");
        out.add(Metadata.made(w, role, AccessControl.role(access, Metadata.annotations(w, role),
                Metadata.labels(w.plan(), Keys.ROLE_QUIESCE), rules)));
        Made roleBinding = Metadata.hook(w, "RoleBinding", Keys.ROLE_QUIESCE, "pre-upgrade", w.weights().quiesceRoleBinding(), "before-hook-creation");
        out.add(Metadata.made(w, roleBinding, AccessControl.roleBinding(access, Metadata.annotations(w, roleBinding),
                Metadata.labels(w.plan(), Keys.ROLE_QUIESCE), List.of(AccessControl.subject(access, "")))));
        return out;
    }

    /**
     * The Role's rules, limited by name to the targets: on each kind of them the {@code verbs} the strategy needs (none:
     * no rule), and on its scale subresource where it {@code scales}; listing pods, and reading the record.
     */
    static List<ObjectNode> rules(Weaving w, Function<String, List<String>> verbs, Predicate<String> scales) {
        List<ObjectNode> rules = new ArrayList<>();
        for (String kind : List.of("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job")) {
            List<String> names = w.plan().targets().stream().filter(t -> t.kind().equals(kind)).map(Workload::name).distinct().toList();
            if (names.isEmpty() || verbs.apply(kind).isEmpty()) {
                continue;
            }
            String group = kind.equals("CronJob") || kind.equals("Job") ? "batch" : "apps";
            String resource = kind.toLowerCase(Locale.ROOT) + "s";
            rules.add(AccessControl.rule(group, resource, names, verbs.apply(kind).toArray(String[]::new)));
            if (scales.test(kind)) {
                rules.add(AccessControl.rule(group, resource + "/scale", names, "get", "patch", "update"));
            }
        }
        // waiting for the old pods to be gone: listing cannot be limited by name
        rules.add(AccessControl.rule("", "pods", List.of(), "list"));
        rules.add(AccessControl.rule("", "configmaps", List.of(w.names().record()), "get"));
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
        ObjectNode container = KubectlContainer.build(role, image, script, List.of(
                KubectlContainer.env(Keys.ENV_MIGRATION, w.names().migrationHash()),
                KubectlContainer.env(Keys.ENV_RECORD, w.names().record()),
                KubectlContainer.env(Keys.ENV_STRATEGY, w.strategy().word().word()),
                KubectlContainer.env(Keys.ENV_TIMEOUT, Integer.toString(timeout)),
                KubectlContainer.env(Keys.ENV_TARGETS, targets(w))));
        Made made = Metadata.hook(w, "Job", role, phases, weight, "before-hook-creation");
        Map<String, String> labels = new java.util.HashMap<>(Metadata.labels(w.plan(), role));
        if (w.oldPodsStopByRollout()) {
            labels.put(Keys.MIGRATION, w.names().migrationHash());
        }
        // content-named where applied with the release: cleaned up as the migration Job is
        Integer ttl = w.oldPodsStopByRollout() ? MigrationJob.ttl(w.spec().migration()) : null;
        return Metadata.made(w, made, Built.resource("batch/v1", "Job", Built.metadata(name, Metadata.annotations(w, made), labels))
                .put("spec", Built.object()
                        .put("activeDeadlineSeconds", (long) timeout + 120)
                        .put("backoffLimit", 0)
                        .put("template", Built.object()
                                .put("metadata", Built.metadata(null, null, Map.of(Keys.PLAN, w.plan().name(), Keys.ROLE, role)))
                                .put("spec", KubectlContainer.ownPod(w.names().quiesceAccess(), container)))
                        .put("ttlSecondsAfterFinished", ttl))
                .tree());
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
