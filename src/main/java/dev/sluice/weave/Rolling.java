package dev.sluice.weave;

import dev.sluice.plan.Strategy;

import java.util.List;

/** Strategy rolling: the old pods keep serving during the migration, the new ones wait at the gate. Nothing to stop. */
record Rolling() implements OldPods {
    @Override
    public Strategy word() {
        return Strategy.ROLLING;
    }

    @Override
    public boolean stopsOldPods() {
        return false;
    }

    @Override
    public RolloutPatch.Deployments rollout(Hooks hooks) {
        return RolloutPatch.Deployments.SURGE;
    }

    @Override
    public List<HookWeights.Slot> slots(Names names) {
        return List.of();
    }
}
