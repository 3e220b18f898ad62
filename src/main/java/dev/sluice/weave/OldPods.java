package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.ResolvedPlan;
import dev.sluice.plan.Strategy;
import dev.sluice.plan.Workload;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A plan's strategy as the weave carries it out: what becomes of the old pods while the migration runs. The plan's
 * word ({@link Strategy}, spec.strategy) is mapped to one of these once ({@link #of}); each owns what differs between
 * strategies: the Jobs it adds and their access, the rollout it asks of a Deployment, the names and hook slots those
 * Jobs need, and what its Jobs mean to a reader of the output.
 */
public sealed interface OldPods permits Rolling, ScaleDown, Delete {
    /** The weave's strategy for the plan's word (none: rolling). */
    static OldPods of(Strategy word) {
        if (word == null) {
            return new Rolling();
        }
        return switch (word) {
            case ROLLING -> new Rolling();
            case SCALE_DOWN -> new ScaleDown();
            case DELETE -> new Delete();
        };
    }

    /** The strategy a Job of sluice's names in its {@code SLUICE_STRATEGY}, if it is one. */
    static Optional<OldPods> named(String word) {
        return Arrays.stream(Strategy.values()).filter(s -> s.word().equals(word)).findFirst().map(OldPods::of);
    }

    /** The plan's word for it: spec.strategy, and SLUICE_STRATEGY in its Jobs. */
    Strategy word();

    /**
     * Whether the old pods are stopped before the migration runs, so none serves during it: by the quiesce Job
     * ({@link Quiesce}), whose hooks, rollout choice and meaning below are then the strategy's by default.
     */
    default boolean stopsOldPods() {
        return false;
    }

    /** Whether the workloads are deleted (Helm creates them again), rather than scaled. */
    default boolean deletesWorkloads() {
        return false;
    }

    /** Whether a Job gives the targets their replicas back after the rollout (or a rollback). */
    default boolean restores(boolean hooksRun) {
        return false;
    }

    /**
     * Whether the targets' own rollout stops the old pods (Recreate) while a Job applied with the release waits until none
     * runs, and the migration waits for that Job: where hooks are not run, no Job can stop them first.
     */
    default boolean stopsByRollout(boolean hooksRun) {
        return false;
    }

    /** What a Deployment's rollout becomes. */
    default RolloutPatch.Deployments rollout(boolean hooksRun) {
        return stopsOldPods() ? RolloutPatch.Deployments.RECREATE_KEPT : RolloutPatch.Deployments.SURGE;
    }

    /** The Jobs that stop the old pods (and give them back), and the access they need. */
    default List<ObjectNode> objects(Weaving w) {
        return List.of();
    }

    /** Its hooks among the access and stopping ones (before the steps and the migration), before their weights are chosen. */
    default List<HookWeights.Slot> slots(Names names) {
        return stopsOldPods() ? Quiesce.slots(names) : List.of();
    }

    /** Its hook after the rollout (restoring replicas), or null. */
    default HookWeights.Slot restoreSlot(Names names) {
        return null;
    }

    /** Refuses the plan, before any output, where hooks are not run and the strategy cannot be done there. */
    default void refuseWithoutHooks(ResolvedPlan plan) {
    }

    /** Refuses a target the strategy cannot stop where hooks are not run. */
    default void refuseWithoutHooks(ResolvedPlan plan, Workload target) {
    }

    /** What an object of its own with this role is, to a reader of the output; empty when the role is not its own. */
    default Optional<String> describes(String role, boolean job) {
        return stopsOldPods() ? Quiesce.describes(role, job) : Optional.empty();
    }

    /** What an object of a strategy with this role is, asked of every strategy. */
    static Optional<String> describe(String role, boolean job) {
        return Arrays.stream(Strategy.values()).map(OldPods::of).flatMap(s -> s.describes(role, job).stream()).findFirst();
    }

    /** The Jobs of its own that the migration waits for (so the gate's Role may read them too). */
    default List<String> migrationWaitsFor(Weaving w) {
        return List.of();
    }

    /** What it tells the person about the order it sets in motion, once the plan's objects are made. */
    default void notes(Weaving w, Report report) {
    }
}
