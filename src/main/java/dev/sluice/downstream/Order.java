package dev.sluice.downstream;

import java.util.List;

/**
 * How a downstream runs an upgrade (or a first install), in its own words, for the timeline.
 *
 * @param run          what runs: "helm upgrade", "Argo CD sync"
 * @param before       the Helm hook events it runs before the release (none where hooks are ignored)
 * @param after        the Helm hook events it runs after the release
 * @param place        the word for a step's place in that order: weight, wave
 * @param beforeTitle  the hooks before, as a heading
 * @param applyTitle   the release's objects being applied, as a heading
 * @param waitedTitle  the Jobs it runs in order and waits for, between its applies, as a heading
 * @param afterTitle   the hooks after, as a heading
 * @param applies      who applies the objects, as a sentence starts: "Argo CD applies", "kapp upserts"
 * @param waits        how it runs a Job it waits for, between its applies
 * @param batchWaits   what it waits for once a batch is applied
 * @param later        what a failure leaves unapplied after a batch or a Job it waits for
 * @param inSequence   whether each batch waits for the whole batch before it (Argo CD's waves), not only for the change
 *                     groups its rules name (kapp)
 * @param waitsAtMost  how long it waits for a hook
 * @param stops        who stops what when a step before the release fails: "Helm stops the upgrade"
 * @param notApplied   what a failure before the release leaves unapplied
 * @param marksFailed  who reports a failure after the release: "Helm marks the upgrade failed"
 * @param rolloutWait  what reports a rollout that never becomes ready
 */
public record Order(String run, List<String> before, List<String> after, String place, String beforeTitle,
                    String applyTitle, String waitedTitle, String afterTitle, String applies, String waits,
                    String batchWaits, String later, boolean inSequence, String waitsAtMost, String stops, String notApplied,
                    String marksFailed, String rolloutWait) {

    /** Helm's order: its hooks by weight then name, the release at once, the rollouts, the hooks after. */
    static Order helm(String event, boolean hooks) {
        return new Order("helm " + event, hooks ? List.of("pre-" + event) : List.of(),
                hooks ? List.of("post-" + event) : List.of(), "weight",
                "pre-" + event + " hooks: one at a time, by weight then name", "release: applied at once", "in order",
                "post-" + event + " hooks", "Helm applies", "Helm runs it",
                "Helm waits for them", "nothing after it is applied", true, "Helm waits at most --timeout (default 5m0s) for it",
                "Helm stops the " + event, "the release is not applied", "Helm marks the " + event + " failed",
                "helm " + event + " --wait fails after --timeout");
    }
}
