package dev.sluice.timeline;

import dev.sluice.downstream.Downstream;
import dev.sluice.downstream.Order;

import java.util.List;

/**
 * What an upgrade (or first install) of a woven stream does, step by step, in the order Helm or
 * Argo CD runs it. Built from the woven documents alone, so every step the weave adds shows up.
 *
 * @param event  upgrade or install
 * @param downstream who applies the output: Helm running hooks, a plain apply, Argo CD, kapp
 * @param runner who runs it that way, in words
 * @param steps  the steps, in order
 * @param notes  what else to know: the weave's notes, hooks Helm skips, steps of the other event
 */
public record Timeline(String event, Downstream downstream, String runner, List<Step> steps, List<String> notes) {
    public static final String UPGRADE = "upgrade";
    public static final String INSTALL = "install";

    /** How the downstream orders and words this event. */
    public Order order() {
        return downstream.order(event);
    }

    /** Whether hooks run as hooks (Helm 4, Argo CD) or are ignored (Helm 3 post-renderer, kubectl apply, kapp). */
    public String hooks() {
        return downstream.runsHooks() ? "honoured" : "ignored";
    }
}
