package dev.sluice.weave;

/**
 * One step of a plan's weave (as kustomize's kio filters, small and composed): it reads the plan's {@link Weaving},
 * edits its targets, adds what it generates to {@code out} and says what the person should know. {@link Weaver} runs
 * the steps in their order, plan by plan; a new step is one more class and one more line there.
 */
@FunctionalInterface
interface WeaveStep {
    void weave(Weaving w, Woven out);
}
