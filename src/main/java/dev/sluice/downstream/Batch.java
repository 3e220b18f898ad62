package dev.sluice.downstream;

import java.util.List;

/**
 * Objects a downstream applies together, after the batch before it is done: an Argo CD sync wave, the objects kapp
 * upserts once the change groups they wait for are.
 *
 * @param place    the wave, or null where the batch has no number of its own
 * @param what     the batch in words: "wave -10", "after change group sluice.dev/shop-access"
 * @param applied  what it applies (and waits to be healthy or reconciled)
 * @param waited   the Jobs it runs and waits for to complete before the next batch
 * @param after    hooks it runs once the release is applied (Argo CD's PostSync), not a batch of the release
 */
public record Batch<T>(Long place, String what, List<T> applied, List<T> waited, boolean after) {
}
