package dev.sluice.weave;

import dev.sluice.plan.Strategy;

/** Strategy rolling: the old pods keep serving during the migration, the new ones wait at the gate. Nothing to stop. */
record Rolling() implements OldPods {
    @Override
    public Strategy word() {
        return Strategy.ROLLING;
    }
}
