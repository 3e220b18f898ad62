package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Keys;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.plan.Strategy;
import dev.sluice.plan.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Strategy scale-down: a pre-upgrade Job scales the targets to 0 (CronJobs suspended) before the migration, and a
 * post-upgrade, post-rollback Job gives them their replicas back. Where hooks are not run, the targets roll with
 * Recreate instead, a Job applied with the release waits until no old pod runs, and the migration waits for that Job.
 */
record ScaleDown() implements OldPods {
    /** Gives the targets their replicas back (CronJobs resumed), from the count the quiesce Job kept. */
    static final String RESTORE_SCRIPT = Scripts.load("restore.sh");
    /** Where hooks are not run: waits until no old pod of the targets runs (the rollouts stop them). */
    static final String OLD_PODS_SCRIPT = Scripts.load("old-pods.sh");
    /** The migration's step that waits for the old-pods Job. */
    static final String AFTER_OLD_PODS_SCRIPT = Scripts.load("after-old-pods.sh");

    @Override
    public Strategy word() {
        return Strategy.SCALE_DOWN;
    }

    @Override
    public boolean stopsOldPods() {
        return true;
    }

    @Override
    public boolean restores(boolean hooksRun) {
        return hooksRun;
    }

    @Override
    public boolean stopsByRollout(boolean hooksRun) {
        return !hooksRun;
    }

    @Override
    public RolloutPatch.Deployments rollout(boolean hooksRun) {
        return stopsByRollout(hooksRun) ? RolloutPatch.Deployments.RECREATE : RolloutPatch.Deployments.RECREATE_KEPT;
    }

    @Override
    public void refuseWithoutHooks(ResolvedPlan plan, Workload t) {
        String why = switch (t.kind()) {
            case "StatefulSet" -> "Kubernetes replaces a StatefulSet's pods one at a time (RollingUpdate) or only when"
                    + " deleted (OnDelete): no rollout of it stops every old pod before a new one starts, and a Job"
                    + " applied with the release cannot scale it to 0 first (it would race Helm's apply, and the next"
                    + " upgrade would set spec.replicas back)";
            case "DaemonSet", "Job" -> "a " + t.kind() + " has no replica count to stop";
            default -> null;
        };
        if (why != null) {
            throw new PlanException("plan " + plan.name() + ": strategy scale-down cannot stop " + t.describe() + WithoutHooks.WHERE + ": " + why
                    + ". Leave it out of spec.targets, use strategy rolling, or Helm 4 (where a pre-upgrade hook scales it to 0 first)");
        }
    }

    @Override
    public Optional<String> describes(String role, boolean job) {
        return role.equals(Keys.ROLE_RESTORE) ? Optional.of("the Job that gives the workloads their replicas back after the rollout")
                : Quiesce.describes(role, job);
    }

    /** Refuses a target with no replica count, before any output. */
    private static void checkTargets(Weaving w) {
        for (Workload t : w.plan().targets()) {
            if (t.kind().equals("DaemonSet") || t.kind().equals("Job")) {
                throw new PlanException("plan " + w.plan().name() + ": strategy scale-down cannot stop " + t.describe()
                        + " (a " + t.kind() + " has no replica count): use strategy delete, or leave it out of the targets");
            }
        }
    }

    @Override
    public List<ObjectNode> objects(Weaving w) {
        checkTargets(w);
        if (w.oldPodsStopByRollout()) {
            // only the pods are listed, and CronJobs read: the Deployment itself is never read nor changed
            List<ObjectNode> out = new ArrayList<>(Quiesce.access(w, Quiesce.rules(w,
                    kind -> kind.equals("CronJob") ? List.of("get") : List.of(), kind -> false)));
            out.add(oldPodsJob(w));
            return out;
        }
        List<ObjectNode> out = new ArrayList<>(Quiesce.access(w, Quiesce.rules(w, kind -> List.of("get", "patch"),
                kind -> !kind.equals("CronJob"))));
        out.add(Quiesce.job(w, w.names().quiesceJob(), Keys.ROLE_QUIESCE, Quiesce.QUIESCE_SCRIPT, "pre-upgrade", w.weights().quiesce()));
        out.add(Quiesce.job(w, w.names().restoreJob(), Keys.ROLE_RESTORE, RESTORE_SCRIPT, "post-upgrade,post-rollback",
                w.weights().restore()));
        return out;
    }

    @Override
    public List<String> migrationWaitsFor(Weaving w) {
        return w.oldPodsStopByRollout() ? List.of(w.names().quiesceJob()) : List.of();
    }

    /** Where hooks are not run: the order the apply sets in motion, and what a failure leaves. */
    @Override
    public void notes(Weaving w, Report report) {
        if (!w.oldPodsStopByRollout()) {
            return;
        }
        List<String> rolled = w.plan().targets().stream().filter(t -> t.kind().equals("Deployment")).map(t -> t.kind() + "/" + t.name()).toList();
        List<String> crons = w.plan().targets().stream().filter(t -> t.kind().equals("CronJob")).map(t -> t.kind() + "/" + t.name()).toList();
        StringBuilder line = new StringBuilder("plan " + w.plan().name() + ": strategy scale-down without hooks: everything is"
                + " applied at once; ");
        if (!rolled.isEmpty()) {
            line.append("Kubernetes stops the old pods of ").append(String.join(", ", rolled)).append(" (Recreate), their replica"
                    + " counts untouched; ");
        }
        if (!crons.isEmpty()) {
            line.append("the new runs of ").append(String.join(", ", crons)).append(" wait at the gate (not suspended: their"
                    + " template is the new, gated one), and their old runs are waited for; ");
        }
        line.append("Job ").append(w.names().quiesceJob()).append(" waits until no old pod runs, then migration Job ")
                .append(w.names().job()).append(" migrates, and the new pods start after it. If the migration fails, no pod"
                        + " serves (the old ones are stopped, the new ones stay at the gate) and `helm upgrade --wait` fails;"
                        + " fix and upgrade again, or `helm rollback` if the old code fits the schema as it is now");
        report.done(line.toString());
    }

    @Override
    public HookWeights.Slot restoreSlot(Names names) {
        return new HookWeights.Slot("Job/" + names.restoreJob(), HookWeights.RESTORE, HookWeights.RESTORE_EVENTS, Set.of(), "");
    }

    /** Applied with the release: Kubernetes stops the old pods (Recreate), this Job waits until none runs. */
    static ObjectNode oldPodsJob(Weaving w) {
        return Quiesce.job(w, w.names().quiesceJob(), Keys.ROLE_QUIESCE, OLD_PODS_SCRIPT, "pre-upgrade", w.weights().quiesce());
    }

    /** The migration's step after sluice-once: it waits for the old-pods Job, for as long as that Job may take. */
    static ObjectNode afterOldPods(Weaving w) {
        // the quiesce Job's deadline, and a little more for its pod to start
        long timeout = Quiesce.timeoutSeconds(w) + 120L + 60L;
        return KubectlContainer.build(Keys.OLD_PODS_CONTAINER, w.gateImage(), AFTER_OLD_PODS_SCRIPT, List.of(
                KubectlContainer.env(Keys.ENV_MIGRATION, w.names().migrationHash()),
                KubectlContainer.env(Keys.ENV_JOB, w.names().quiesceJob()),
                KubectlContainer.env(Keys.ENV_TIMEOUT, Long.toString(timeout))));
    }
}
