package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.Rollouts;
import dev.sluice.plan.Workload;

/**
 * Old pods keep serving while new ones wait at the gate: RollingUpdate with maxUnavailable 0 and a
 * maxSurge above 0 (the API rejects both at 0). StatefulSets cannot surge: they keep a RollingUpdate
 * (one pod at a time); DaemonSets surge since Kubernetes 1.25.
 */
final class RolloutPatch {
    private RolloutPatch() {
    }

    /** What a Deployment's rollout becomes: each strategy chooses ({@link OldPods#rollout}). */
    enum Deployments {
        /** RollingUpdate with maxUnavailable 0: old pods serve during the migration. */
        SURGE,
        /** As SURGE, but a Recreate the chart chose is kept: the strategy stops the old pods before the migration anyway. */
        RECREATE_KEPT,
        /** Recreate: the rollout itself stops every old pod before a new one starts. */
        RECREATE
    }

    static void apply(Weaving w, Workload target, Report report) {
        switch (target.kind()) {
            case "Deployment" -> deployment(w, target, report);
            case "DaemonSet" -> daemonSet(w, target, report);
            case "StatefulSet" -> statefulSet(w, target, report);
            default -> {
            }
        }
    }

    private static JsonNode planSurge(Weaving w) {
        MigrationPlan.Rollout r = w.spec().rollout();
        return r != null && r.maxSurge() != null ? r.maxSurge() : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(Defaults.MAX_SURGE);
    }

    private static void deployment(Weaving w, Workload target, Report report) {
        JsonNode strategy = target.object().path("spec").path("strategy");
        String type = strategy.path("type").asText("RollingUpdate");
        JsonNode surge = strategy.path("rollingUpdate").path("maxSurge");
        JsonNode unavailable = strategy.path("rollingUpdate").path("maxUnavailable");
        boolean surgeOk = !surge.isMissingNode() && !surge.isNull() && !Rollouts.isZero(surge);
        boolean unavailableOk = !unavailable.isMissingNode() && Rollouts.isZero(unavailable);
        OldPods quiesce = w.strategy();
        Deployments choice = quiesce.rollout(w.downstream().runsHooks());
        if (choice == Deployments.RECREATE) {
            recreate(target, type, report);
            return;
        }
        if (type.equals("RollingUpdate") && surgeOk && unavailableOk && strategy.has("type")) {
            return;
        }
        if (type.equals("Recreate") && choice == Deployments.RECREATE_KEPT) {
            // the quiesce Job stops the old pods before the migration: no old pod serves, so nothing needs to surge
            report.note(target.describe() + ": strategy Recreate kept: strategy " + quiesce.word().word() + " stops its old pods"
                    + " before the migration, so none serves during it, and the new pods start after it");
            return;
        }
        if (type.equals("Recreate")) {
            report.note(target.describe() + ": strategy Recreate replaced by RollingUpdate (maxUnavailable 0) so old pods"
                    + " serve during the migration; if old and new pods cannot run side by side (a ReadWriteOnce volume),"
                    + " the rolling strategy does not fit this workload");
        } else if (!surge.isMissingNode() && Rollouts.isZero(surge)) {
            report.note(target.describe() + ": maxSurge 0 replaced by " + planSurge(w).asText()
                    + ": with maxUnavailable 0 (old pods keep serving) the API needs room to surge");
        }
        ObjectNode spec = Nodes.object(target.edit(), "spec");
        ObjectNode s = spec.putObject("strategy");
        s.put("type", "RollingUpdate");
        ObjectNode ru = s.putObject("rollingUpdate");
        ru.set("maxSurge", surgeOk ? surge.deepCopy() : planSurge(w).deepCopy());
        ru.put("maxUnavailable", 0);
    }

    /**
     * Scale-down where hooks are not run: no Job can stop the old pods before Helm applies the new template, so the
     * rollout does it. With Recreate, Kubernetes stops every old pod before it starts a new one, and never changes the
     * replica count (an HPA-managed Deployment keeps its own).
     */
    private static void recreate(Workload target, String type, Report report) {
        if (!type.equals("Recreate") || target.object().path("spec").path("strategy").has("rollingUpdate")) {
            ObjectNode s = Nodes.object(target.edit(), "spec").putObject("strategy");
            s.put("type", "Recreate");
        }
        // one text whether the chart had Recreate or not: sluice on its own output says the same
        report.note(target.describe() + ": rolls with strategy Recreate: with no hooks to stop it first, its rollout stops every old pod before a new one starts (its replica"
                + " count untouched); the new pods wait at the gate, and the migration waits until no old pod runs");
    }

    private static void daemonSet(Weaving w, Workload target, Report report) {
        JsonNode strategy = target.object().path("spec").path("updateStrategy");
        if (strategy.path("type").asText("RollingUpdate").equals("OnDelete")) {
            report.note(target.describe() + ": updateStrategy OnDelete kept; its pods update (and wait at the gate) only when deleted");
            return;
        }
        if (usesHostPort(target)) {
            report.note(target.describe() + ": uses a hostPort, so it cannot surge; its rollout keeps maxUnavailable as set"
                    + " and each replaced pod waits at the gate");
            return;
        }
        JsonNode surge = strategy.path("rollingUpdate").path("maxSurge");
        JsonNode unavailable = strategy.path("rollingUpdate").path("maxUnavailable");
        boolean surgeOk = !surge.isMissingNode() && !surge.isNull() && !Rollouts.isZero(surge);
        if (surgeOk && Rollouts.isZero(unavailable) && strategy.has("type")) {
            return;
        }
        ObjectNode s = Nodes.object(target.edit(), "spec").putObject("updateStrategy");
        s.put("type", "RollingUpdate");
        ObjectNode ru = s.putObject("rollingUpdate");
        ru.set("maxSurge", surgeOk ? surge.deepCopy() : planSurge(w).deepCopy());
        ru.put("maxUnavailable", 0);
    }

    private static boolean usesHostPort(Workload target) {
        for (JsonNode c : target.podSpec().path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (p.path("hostPort").asInt(0) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void statefulSet(Weaving w, Workload target, Report report) {
        JsonNode strategy = target.object().path("spec").path("updateStrategy");
        String type = strategy.path("type").asText("RollingUpdate");
        OldPods quiesce = w.strategy();
        if (type.equals("OnDelete")) {
            report.note(target.describe() + ": updateStrategy OnDelete kept; its pods update (and wait at the gate) only when deleted");
            return;
        }
        String replicas = replicas(target);
        if (quiesce.stopsOldPods()) {
            report.note(target.describe() + ": a StatefulSet replaces one pod at a time and cannot surge; strategy "
                    + quiesce.word().word() + " stops all its pods before the migration, so none serves during it");
        } else if (w.downstream().runsHooks()) {
            report.note(target.describe() + ": a StatefulSet replaces one pod at a time and cannot surge: the migration runs"
                    + " as a hook before it changes, while its pods serve; then " + (replicas.equals("1")
                    ? "its only pod is replaced (spec.replicas 1), and nothing serves until the new one is ready"
                    : "one pod at a time is replaced while the others serve"));
        } else if (replicas.equals("1")) {
            report.note(target.describe() + ": a StatefulSet replaces one pod at a time and cannot surge: with spec.replicas 1,"
                    + " its only replica is down (waiting at the gate) while the migration runs, and nothing serves");
        } else {
            report.note(target.describe() + ": a StatefulSet replaces one pod at a time and cannot surge: while the"
                    + " migration runs, one replica is down (waiting at the gate) and the " + (replicas.isEmpty() ? "others serve"
                    : replicas.equals("2") ? "other one serves" : "other " + (Integer.parseInt(replicas) - 1) + " serve"));
        }
    }

    /** spec.replicas as a whole number ("1" when unset, as the API server defaults it), or "" when unknown. */
    private static String replicas(Workload target) {
        JsonNode replicas = target.object().path("spec").path("replicas");
        if (replicas.isMissingNode() || replicas.isNull()) {
            return "1";
        }
        return replicas.canConvertToInt() && replicas.isIntegralNumber() && replicas.asInt() > 0 ? Integer.toString(replicas.asInt()) : "";
    }
}
