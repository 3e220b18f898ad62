package dev.sluice.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.kube.Gate;
import dev.sluice.kube.Hook;
import dev.sluice.kube.Rendered;
import dev.sluice.kube.Resource;
import dev.sluice.stream.Document;
import dev.sluice.kube.Keys;
import dev.sluice.downstream.Batch;
import dev.sluice.downstream.Downstream;
import dev.sluice.downstream.Order;
import dev.sluice.weave.Inherited;
import dev.sluice.weave.OldPods;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Orders a woven stream as whoever applies it runs it, asking the downstream: the event's hooks before, by weight then
 * name; the release, applied at once (kinds in Helm's install order) or in the downstream's batches (Argo CD's sync
 * waves, kapp's change rules) with the Jobs it waits for between them; each gated workload's rollout; the hooks after.
 * Reads only the documents and their annotations, never the plan.
 */
public final class UpgradeOrder {
    /** The hook a rollback runs to give stopped workloads back their pods, or null. */
    private String rollbackRestore;
    /** Whether the step that stopped the app deleted the workloads (Helm creates them again) rather than scaling them. */
    private boolean deleted;
    /** Whether the old pods are stopped by the rollouts themselves (Recreate) while a Job waits (no hooks, scale-down). */
    private boolean stoppedByRollout;

    private UpgradeOrder() {
    }

    public static Timeline timeline(List<Document> docs, Downstream downstream, String event, List<String> weaveNotes) {
        return new UpgradeOrder().build(docs, downstream, event, weaveNotes);
    }

    private Timeline build(List<Document> docs, Downstream downstream, String event, List<String> weaveNotes) {
        boolean hooks = downstream.runsHooks();
        Order order = downstream.order(event);
        Rendered stream = Rendered.of(docs);
        List<Resource> all = stream.resources();
        List<Resource> before = new ArrayList<>();
        List<Resource> after = new ArrayList<>();
        List<Resource> release = new ArrayList<>();
        List<String> notes = new ArrayList<>(weaveNotes);
        List<String> otherEvent = new ArrayList<>();
        String other = event.equals(Timeline.UPGRADE) ? Timeline.INSTALL : Timeline.UPGRADE;
        for (Resource r : all) {
            Hook hook = r.hook().orElse(null);
            if (hook == null || !hooks) {
                release.add(r);
                if (hook != null) {
                    notes.add(r.ref().kindName() + " carries helm.sh/hook, which is ignored here: it is applied with the release"
                            + " (Helm 3 runs a chart's own hooks itself and never passes them to a post-renderer)");
                }
                continue;
            }
            if (hook.skippedByHelm()) {
                notes.add(r.ref().kindName() + ": helm.sh/hook names " + String.join(", ", hook.unknownEvents())
                        + ", which Helm does not know: Helm 4 skips this object altogether (sluice check: SLU005)");
                continue;
            }
            boolean runsBefore = order.before().stream().anyMatch(hook::runsOn);
            boolean runsAfter = order.after().stream().anyMatch(hook::runsOn);
            if (runsBefore) {
                before.add(r);
            }
            if (runsAfter) {
                after.add(r);
            }
            if (!runsBefore && !runsAfter && (hook.runsOn("pre-" + other) || hook.runsOn("post-" + other))) {
                otherEvent.add(r.ref().kindName());
            }
        }
        Comparator<Resource> helmOrder = Comparator.comparing(r -> new Hook.Named(r.hook().orElseThrow(), r.name(), r.kind()), Hook.ORDER);
        before.sort(helmOrder);
        after.sort(helmOrder);
        if (!otherEvent.isEmpty()) {
            notes.add("only on " + (other.equals(Timeline.INSTALL) ? "a first install" : "an upgrade") + " (sluice plan"
                    + (other.equals(Timeline.INSTALL) ? " --install" : "") + "): " + String.join(", ", otherEvent));
        }

        rollbackRestore = all.stream().filter(r -> r.hook().map(h -> h.runsOn("post-rollback")).orElse(false) && hooks)
                .map(r -> r.ref().kindName()).findFirst().orElse(null);
        List<Step> steps = new ArrayList<>();
        int stoppedAt = 0;
        for (Resource r : before) {
            int n = steps.size() + 1;
            steps.add(hookStep(n, Stage.HOOKS_BEFORE, r, event, order, stoppedAt == 0 && stops(r) ? -n : stoppedAt));
            if (stoppedAt == 0 && stops(r)) {
                stoppedAt = n;
                deleted = deletes(r);
            }
        }
        for (Step s : List.copyOf(steps)) {
            Resource r = before.get(s.number() - 1);
            for (String missing : stream.missingWhenRun(r, "pre-" + event)) {
                notes.add("step " + s.number() + ", " + r.ref().kindName() + " " + missing + " (sluice check: SLU007)");
            }
        }
        int migratedAt = steps.stream().filter(s -> s.role().equals(Keys.ROLE_MIGRATION)).mapToInt(Step::number).findFirst().orElse(0);
        List<Batch<Resource>> batches = downstream.batches(release, Resource::annotations, Resource::kind);
        List<Resource> afterRelease = new ArrayList<>(after);
        batches.stream().filter(Batch::after).forEach(b -> afterRelease.addAll(b.waited()));
        String restore = afterRelease.stream().filter(r -> role(r).equals(Keys.ROLE_RESTORE)).map(r -> r.ref().kindName() + " (after the rollouts)")
                .findFirst().orElse(null);
        List<Resource> migrations = new ArrayList<>();
        if (batches.isEmpty()) {
            steps.add(applyStep(steps.size() + 1, release, hooks, event, stoppedAt));
            migrations.addAll(release.stream().filter(r -> role(r).equals(Keys.ROLE_MIGRATION) && r.kind().equals("Job")).toList());
            // scale-down where hooks are not run: the quiesce Job is applied with the release and waits for the old pods
            List<Resource> waits = !hooks
                    ? release.stream().filter(r -> role(r).equals(Keys.ROLE_QUIESCE) && r.kind().equals("Job")).toList() : List.of();
            for (Resource wait : waits) {
                steps.add(oldPodsStep(steps.size() + 1, wait, event));
                stoppedAt = steps.size();
                stoppedByRollout = true;
            }
            for (Resource job : migrations) {
                steps.add(migrationStep(steps.size() + 1, job, event));
            }
        } else {
            // the downstream applies the release batch by batch, and runs the Jobs it waits for between them
            for (Batch<Resource> batch : batches) {
                if (batch.after()) {
                    continue;
                }
                for (Resource job : batch.waited()) {
                    int n = steps.size() + 1;
                    boolean stopping = stoppedAt == 0 && stops(job);
                    steps.add(waitedStep(n, batch, job, order, event, stopping ? -n : stoppedAt));
                    if (stopping) {
                        stoppedAt = n;
                        deleted = deletes(job);
                    }
                    if (migratedAt == 0 && role(job).equals(Keys.ROLE_MIGRATION)) {
                        migratedAt = n;
                    }
                    migrations.add(job);
                }
                if (!batch.applied().isEmpty()) {
                    steps.add(batchStep(steps.size() + 1, batch, order, event, stoppedAt));
                }
            }
        }
        for (Resource r : release) {
            if (migrations.contains(r) || r.podSpecPath() == null) {
                continue;
            }
            List<Gate> gates = Gate.in(r.podSpec());
            if (!gates.isEmpty()) {
                steps.add(rolloutStep(steps.size() + 1, r, gates.get(0), all, hooks || !batches.isEmpty(), order, event, migratedAt,
                        stoppedAt, restore));
            }
        }
        for (Resource r : after) {
            steps.add(hookStep(steps.size() + 1, Stage.HOOKS_AFTER, r, event, order, stoppedAt));
        }
        for (Batch<Resource> batch : batches) {
            for (Resource r : batch.after() ? batch.waited() : List.<Resource>of()) {
                steps.add(new Step(steps.size() + 1, Stage.HOOKS_AFTER, r.kind(), r.name(), r.namespace(), batch.place(), plan(r),
                        role(r), r.document().source().orElse(null), action(r, role(r)) + " " + batch.what() + ".",
                        order.marksFailed() + ", but the new release is already applied and rolling out",
                        order.waitsAtMost() + "; see kubectl logs job/" + r.name(), List.of(), null));
            }
        }
        return new Timeline(event, downstream, downstream.runner(), List.copyOf(steps), List.copyOf(notes));
    }

    static String role(Resource r) {
        String role = r.labels().path(Keys.ROLE).asText("");
        if (!role.isEmpty()) {
            return role;
        }
        if (r.generatedBySluice()) {
            return r.hook().isPresent() ? Step.FIRST_INSTALL_COPY : Step.SLUICE;
        }
        return Step.CHART;
    }

    static String plan(Resource r) {
        String plan = r.labels().path(Keys.PLAN).asText("");
        if (plan.isEmpty()) {
            plan = r.annotations().path(Keys.GENERATED).asText("");
        }
        return plan.isEmpty() ? null : plan;
    }

    /** A step that stops the running app: sluice's quiesce steps, or a hook scaling to 0 / deleting workloads. */
    static boolean stops(Resource r) {
        if (!r.kind().equals("Job") && !r.kind().equals("Pod")) {
            return false;
        }
        String role = role(r);
        // a strategy's word as the role (a hook labelled the way sluice labels its own), or "stop", counts as stopping too
        if (role.equals(Keys.ROLE_QUIESCE) || OldPods.named(role).filter(OldPods::stopsOldPods).isPresent() || role.equals("stop")) {
            return true;
        }
        for (JsonNode c : r.podSpec().path("containers")) {
            String line = Gate.commandLine(c);
            if (line.contains("kubectl") && ((line.contains("scale") && line.matches("(?s).*--replicas[= ]0\\b.*"))
                    || line.matches("(?s).*delete\\s+(deploy|deployment|deployments|statefulset|sts)\\b.*"))) {
                return true;
            }
        }
        return false;
    }

    /** A stopping step that deletes the workloads: sluice's quiesce with strategy delete, or kubectl delete. */
    static boolean deletes(Resource r) {
        for (JsonNode c : r.podSpec().path("containers")) {
            for (JsonNode e : c.path("env")) {
                if (e.path("name").asText().equals(Keys.ENV_STRATEGY)
                        && OldPods.named(e.path("value").asText()).filter(OldPods::deletesWorkloads).isPresent()) {
                    return true;
                }
            }
            if (Gate.commandLine(c).matches("(?s).*kubectl.*delete\\s+(deploy|deployment|deployments|statefulset|sts)\\b.*")) {
                return true;
            }
        }
        return false;
    }

    private Step hookStep(int n, Stage stage, Resource r, String event, Order order, int stoppedAt) {
        Hook hook = r.hook().orElseThrow();
        String role = role(r);
        String kind = r.kind();
        boolean runs = kind.equals("Job") || kind.equals("Pod");
        String serving = stoppedAt < 0
                ? "what it already stopped stays stopped until an upgrade succeeds"
                + (rollbackRestore == null ? "" : " or helm rollback runs " + rollbackRestore)
                : serving(event, stoppedAt);
        String onFailure;
        String detail;
        if (stage == Stage.HOOKS_AFTER) {
            onFailure = order.marksFailed() + ", but the new release is already applied and rolling out";
            detail = runs ? order.waitsAtMost() + "; see kubectl logs " + kind.toLowerCase() + "/" + r.name() : "";
        } else if (runs) {
            onFailure = order.stops() + " with the " + kind + "'s reason; " + order.notApplied() + " and " + serving;
            detail = order.waitsAtMost() + limits(r)
                    + "; see kubectl logs " + kind.toLowerCase() + "/" + r.name() + (role.equals(Keys.ROLE_MIGRATION) ? " -c migrate" : "");
        } else {
            onFailure = "if the API refuses it, " + order.stops() + "; " + order.notApplied() + " and " + serving;
            detail = "";
        }
        String action = action(r, role);
        String adoptedBy = r.annotations().path(Keys.ADOPTED_BY).asText("");
        if (!adoptedBy.isEmpty() && !r.generatedBySluice()) {
            action += " The chart's own migration, adopted by plan " + adoptedBy + ": sluice runs none of its own; the gates wait"
                    + " for this run and the record Job records it.";
        }
        return new Step(n, stage, kind, r.name(), r.namespace(), hook.weight(), plan(r), role, r.document().source().orElse(null),
                action, onFailure, detail, List.of(), null);
    }

    private static String limits(Resource r) {
        if (!r.kind().equals("Job")) {
            return "";
        }
        JsonNode spec = r.object().path("spec");
        List<String> parts = new ArrayList<>();
        if (spec.has("activeDeadlineSeconds")) {
            parts.add("the Job itself stops after activeDeadlineSeconds " + spec.path("activeDeadlineSeconds").asText() + "s");
        }
        if (spec.has("backoffLimit")) {
            int retries = spec.path("backoffLimit").asInt();
            parts.add(retries == 0 ? "no retry (backoffLimit 0)" : retries + " retries (backoffLimit)");
        }
        return parts.isEmpty() ? "" : "; " + String.join(", ", parts);
    }

    private Step applyStep(int n, List<Resource> release, boolean hooks, String event, int stoppedAt) {
        List<Resource> ordered = new ArrayList<>(release);
        ordered.sort(Comparator.comparingInt(UpgradeOrder::installRank).thenComparing(Resource::kind));
        List<String> objects = ordered.stream().map(r -> r.ref().kindName()).toList();
        List<String> ungated = release.stream()
                .filter(r -> Set.of("Deployment", "StatefulSet", "DaemonSet", "CronJob").contains(r.kind()))
                .filter(r -> Gate.in(r.podSpec()).isEmpty())
                .map(r -> r.ref().kindName()).toList();
        long sluice = release.stream().filter(Resource::generatedBySluice).count();
        StringBuilder action = new StringBuilder("Helm applies the release's " + release.size() + " objects at once");
        if (sluice > 0) {
            action.append(", ").append(sluice).append(" of them added by sluice");
        }
        if (!hooks && release.stream().anyMatch(r -> role(r).equals(Keys.ROLE_MIGRATION))) {
            action.append(" (the migration Job too: no hooks here)");
        }
        action.append('.');
        if (!ungated.isEmpty()) {
            action.append(" Not gated, so their new pods start at once: ").append(String.join(", ", ungated)).append('.');
        }
        String serving = serving(event, stoppedAt);
        return new Step(n, Stage.APPLY, "", "", "", null, null, Step.RELEASE, null, action.toString(),
                "if the API refuses an object, Helm marks the " + event + " failed; what was applied stays, " + serving,
                "--atomic (Helm 3) or --rollback-on-failure (Helm 4) undoes it instead", objects, null);
    }

    private String serving(String event, int stoppedAt) {
        if (stoppedAt > 0) {
            return "the app stays stopped (step " + stoppedAt + " stopped it) until an upgrade succeeds"
                    + (rollbackRestore == null ? "" : " or helm rollback runs " + rollbackRestore);
        }
        return event.equals(Timeline.INSTALL) ? "nothing of the app runs yet" : "the old pods keep serving";
    }

    private static int installRank(Resource r) {
        return Hook.installRank(r.kind());
    }

    private Step oldPodsStep(int n, Resource job, String event) {
        return new Step(n, Stage.MIGRATION, job.kind(), job.name(), job.namespace(), null, plan(job), Keys.ROLE_QUIESCE,
                job.document().source().orElse(null), "Waits until no old pod of the targets runs (pods without this"
                + " revision's sluice.dev/migration label; a CronJob's running Jobs): the rollouts below stop them"
                + " (Recreate), nothing is scaled. Stops nothing when the record has this migration already.",
                "the migration does not start and the new pods stay at their gate; "
                        + (event.equals(Timeline.UPGRADE) ? "the old pods it waited for may still run" : "nothing of the app runs yet"),
                limits(job).replaceFirst("^; ", "") + (limits(job).isEmpty() ? "" : "; ") + "see kubectl logs job/" + job.name()
                        + " -c quiesce (it names the workload and the pods that do not stop)",
                List.of(), null);
    }

    private Step migrationStep(int n, Resource job, String event) {
        if (stoppedByRollout) {
            return new Step(n, Stage.MIGRATION, job.kind(), job.name(), job.namespace(), null, plan(job), Keys.ROLE_MIGRATION,
                    job.document().source().orElse(null), action(job, Keys.ROLE_MIGRATION) + " It migrates only once step " + (n - 1)
                    + " is complete (no old pod runs).",
                    "new pods fail at their gate with the Job's reason, and no pod serves (the old ones are stopped); only helm "
                            + event + " --wait (or --atomic) fails; fix and upgrade again, or helm rollback if the old code fits"
                            + " the schema as it is",
                    limits(job).replaceFirst("^; ", "") + (limits(job).isEmpty() ? "" : "; ") + "see kubectl logs job/" + job.name()
                            + " -c migrate",
                    List.of(), null);
        }
        return new Step(n, Stage.MIGRATION, job.kind(), job.name(), job.namespace(), null, plan(job), Keys.ROLE_MIGRATION,
                job.document().source().orElse(null), action(job, Keys.ROLE_MIGRATION) + " It runs beside the rollouts below.",
                "new pods fail at their gate with the Job's reason" + (event.equals(Timeline.UPGRADE) ? " and the old pods keep serving" : "")
                        + "; only helm " + event + " --wait (or --atomic) fails, without it Helm reports success",
                limits(job).replaceFirst("^; ", "") + (limits(job).isEmpty() ? "" : "; ") + "see kubectl logs job/" + job.name() + " -c migrate",
                List.of(), null);
    }

    /** Objects the downstream applies together, after what comes before them is done. */
    private Step batchStep(int n, Batch<Resource> batch, Order order, String event, int stoppedAt) {
        List<Resource> ordered = new ArrayList<>(batch.applied());
        ordered.sort(Comparator.comparingInt(UpgradeOrder::installRank).thenComparing(Resource::kind));
        long sluice = ordered.stream().filter(Resource::generatedBySluice).count();
        boolean one = ordered.size() == 1;
        StringBuilder action = new StringBuilder(order.applies() + " " + batch.what() + ": " + (one ? "1 object" : ordered.size()
                + " objects") + (sluice == 0 ? "" : one ? ", added by sluice" : ", " + sluice + " of them added by sluice")
                + ", and " + order.batchWaits() + ".");
        List<String> ungated = ordered.stream()
                .filter(r -> Set.of("Deployment", "StatefulSet", "DaemonSet", "CronJob").contains(r.kind()))
                .filter(r -> Gate.in(r.podSpec()).isEmpty())
                .map(r -> r.ref().kindName()).toList();
        if (!ungated.isEmpty()) {
            action.append(" Not gated, so their new pods start at once: ").append(String.join(", ", ungated)).append('.');
        }
        return new Step(n, Stage.APPLY, "", "", "", batch.place(), null, "release", null, action.toString(),
                "if the API refuses an object or it never becomes ready, " + order.stops() + " here: " + order.later()
                        + (order.inSequence() ? ", and " + serving(event, stoppedAt) : ""), "", ordered.stream().map(r -> r.ref().kindName()).toList(), null);
    }

    /** A Job the downstream runs between its batches and waits for: nothing after it is applied until it completes. */
    private Step waitedStep(int n, Batch<Resource> batch, Resource job, Order order, String event, int stoppedAt) {
        String role = role(job);
        String serving = stoppedAt < 0
                ? "what it already stopped stays stopped until a sync succeeds" : serving(event, stoppedAt);
        return new Step(n, Stage.WAITED, job.kind(), job.name(), job.namespace(), batch.place(), plan(job), role,
                job.document().source().orElse(null), action(job, role) + " " + Character.toUpperCase(batch.what().charAt(0))
                + batch.what().substring(1) + ": " + order.waits() + ".",
                order.stops() + " with the Job's reason: " + order.later() + ", so " + serving,
                limits(job).replaceFirst("^; ", "") + (limits(job).isEmpty() ? "" : "; ") + "see kubectl logs job/" + job.name()
                        + (role.equals(Keys.ROLE_MIGRATION) ? " -c migrate" : ""),
                List.of(), null);
    }

    private Step rolloutStep(int n, Resource r, Gate gate, List<Resource> all, boolean migratedFirst, Order order, String event,
                             int migratedAt, int stoppedAt, String restore) {
        String kind = r.kind();
        StringBuilder action = new StringBuilder();
        boolean upgrade = event.equals(Timeline.UPGRADE);
        boolean fresh = (!upgrade || stoppedAt > 0) && !kind.equals("CronJob") && !kind.equals("Job");
        action.append(fresh && stoppedByRollout && upgrade ? "Rolls out (Recreate): its old pods stop first (step " + stoppedAt
                + " waits for them), then new pods start, as many as before. " : fresh ? (!upgrade ? "Starts its pods. " : deleted ? "Created again (step " + stoppedAt + " deleted it), with new pods. "
                : "Starts new pods in place of those step " + stoppedAt + " stopped. ") : switch (kind) {
            case "Deployment" -> "Rolls out " + surge(r.object().path("spec").path("strategy"), "RollingUpdate") + ". ";
            case "DaemonSet" -> "Rolls out node by node " + surge(r.object().path("spec").path("updateStrategy"), "RollingUpdate") + ". ";
            case "StatefulSet" -> "Replaces one pod at a time (a StatefulSet cannot surge): the replaced pod is down while it waits. ";
            case "CronJob" -> "The pod of each scheduled run waits too. ";
            default -> "";
        });
        String hpa = all.stream().filter(h -> h.kind().equals("HorizontalPodAutoscaler")
                        && h.object().path("spec").path("scaleTargetRef").path("name").asText("").equals(r.name()))
                .map(h -> h.ref().kindName()).findFirst().orElse(null);
        if (hpa != null) {
            action.append("Replicas are managed by ").append(hpa).append(". ");
        }
        if (fresh && upgrade && !deleted && !stoppedByRollout && !r.object().path("spec").has("replicas") && !kind.equals("DaemonSet")) {
            action.append("It has no spec.replicas, so the upgrade leaves it at 0 until ")
                    .append(restore == null ? "something restores its replicas" : restore + " gives them back").append(". ");
        }
        action.append("New pods wait in ").append(gate.container()).append(" until Job ").append(gate.job())
                .append(gate.sluice() ? " has succeeded (or the record says so)" : " is complete")
                .append(", at most ").append(gate.timeoutSeconds()).append("s");
        if (migratedFirst && migratedAt > 0) {
            action.append("; it already has (step ").append(migratedAt).append("), so they pass at once");
        }
        action.append('.');
        boolean runsToCompletion = kind.equals("CronJob") || kind.equals("Job");
        if (!runsToCompletion && stoppedAt == 0 && upgrade) {
            action.append(" Old pods serve until new ones are ready.");
        }
        String onFailure = runsToCompletion
                ? "its pod fails at the gate, so " + (kind.equals("CronJob") ? "this run fails; the next scheduled run waits again" : "the Job fails")
                : "new pods fail at the gate (Init:Error, then restarts) and the rollout stalls"
                + (stoppedAt > 0 || !upgrade ? "" : kind.equals("StatefulSet") ? " with one replica down" : " with the old pods serving");
        return new Step(n, Stage.ROLLOUT, kind, r.name(), r.namespace(), null, null, Step.CHART, r.document().source().orElse(null),
                action.toString(), onFailure,
                (runsToCompletion ? "" : order.rolloutWait() + "; ") + "kubectl logs <pod> -c "
                        + gate.container() + " says what it waits for",
                List.of(), new Step.GateInfo(gate.container(), gate.job(), gate.timeoutSeconds(), gate.sluice()));
    }

    private static String surge(JsonNode strategy, String defaultType) {
        String type = strategy.path("type").asText(defaultType);
        if (!type.equals("RollingUpdate")) {
            return "(" + type + ")";
        }
        JsonNode ru = strategy.path("rollingUpdate");
        return "(RollingUpdate, maxSurge " + ru.path("maxSurge").asText("default") + ", maxUnavailable "
                + ru.path("maxUnavailable").asText("default") + ")";
    }

    /** What an object does when Helm creates it, from its kind and content. */
    static String action(Resource r, String role) {
        JsonNode o = r.object();
        return switch (r.kind()) {
            case "Role", "ClusterRole" -> "Grants " + rules(o.path("rules")) + ".";
            case "RoleBinding", "ClusterRoleBinding" -> "Binds " + o.path("roleRef").path("kind").asText("Role") + " "
                    + o.path("roleRef").path("name").asText() + " to " + subjects(o.path("subjects")) + ".";
            case "Job", "Pod" -> runs(r, role);
            default -> role.equals(Step.FIRST_INSTALL_COPY)
                    ? "A copy for the first install (Helm creates the release's own " + r.kind() + " only after the hooks);"
                    + " deleted when the hooks are done."
                    : role.equals(Keys.ROLE_RECORD) && r.kind().equals("ConfigMap")
                    ? "Records which migrations have succeeded: gated pods started later pass at once."
                    : "Creates " + r.ref().kindName() + ".";
        };
    }

    private static String runs(Resource r, String role) {
        JsonNode pod = r.podSpec();
        JsonNode main = null;
        for (JsonNode c : pod.path("initContainers")) {
            if (c.path("name").asText().equals("migrate")) {
                main = c;
            }
        }
        if (main == null) {
            main = pod.path("containers").path(0);
        }
        String command = script(main).orElse(Gate.commandLine(main)).replaceAll("\\s+", " ").trim();
        if (command.length() > 160) {
            command = command.substring(0, 157) + "...";
        }
        StringBuilder out = new StringBuilder(role.equals(Keys.ROLE_MIGRATION) ? "Runs the migration: " : "Runs ");
        out.append(command.isEmpty() ? "the image's entrypoint" : command).append(" (").append(main.path("image").asText("?")).append(").");
        String record = "";
        for (JsonNode c : pod.path("containers")) {
            for (JsonNode e : c.path("env")) {
                if (e.path("name").asText().equals(Keys.ENV_RECORD)) {
                    record = e.path("value").asText();
                }
            }
        }
        JsonNode annotations = r.object().path("metadata").path("annotations");
        String[] source = annotations.path(Keys.SOURCE).asText("").split("/");
        if (source.length == 3) {
            out.append(" Its pod is a copy of ").append(source[0]).append('/').append(source[1]).append("'s (container ")
                    .append(source[2]).append("), never Ready and selected by no Service or workload");
            String init = annotations.path(Keys.INIT_CONTAINERS).asText("");
            out.append(init.isEmpty() ? "." : "; its init containers: " + init + ".");
        }
        if (!record.isEmpty() && role.equals(Keys.ROLE_RECORD)) {
            out.append(" Writes to ConfigMap ").append(record).append(" as sluice's own ServiceAccount.");
        }
        return out.toString();
    }

    /** For {@code sh -c SCRIPT}: "a script: <its first comment or line>". */
    private static java.util.Optional<String> script(JsonNode container) {
        List<String> words = new ArrayList<>();
        container.path("command").forEach(w -> words.add(w.asText()));
        container.path("args").forEach(w -> words.add(w.asText()));
        int c = words.indexOf("-c");
        if (c < 1 || c + 1 >= words.size() || !words.get(c - 1).matches(".*\\b(sh|bash|ash|dash)$")) {
            return java.util.Optional.empty();
        }
        String first = words.get(c + 1).strip().lines().findFirst().orElse("");
        return java.util.Optional.of("a script: " + first.replaceFirst("^#\\s*", "").replaceFirst("\\.$", ""));
    }

    private static String rules(JsonNode rules) {
        List<String> parts = new ArrayList<>();
        for (JsonNode rule : rules) {
            String verbs = join(rule.path("verbs"), ",");
            List<String> targets = new ArrayList<>();
            for (JsonNode resource : rule.path("resources")) {
                if (rule.path("resourceNames").isEmpty()) {
                    targets.add(resource.asText());
                }
                for (JsonNode name : rule.path("resourceNames")) {
                    targets.add(resource.asText() + "/" + name.asText());
                }
            }
            parts.add(verbs + " on " + String.join(", ", targets));
        }
        return parts.isEmpty() ? "nothing" : String.join("; ", parts);
    }

    private static String subjects(JsonNode subjects) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : subjects) {
            out.add(s.path("kind").asText() + " " + s.path("name").asText());
        }
        return out.isEmpty() ? "nobody" : String.join(", ", out);
    }

    private static String join(JsonNode array, String separator) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out.stream().collect(Collectors.joining(separator));
    }
}
