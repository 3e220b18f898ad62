package dev.sluice.downstream;

import dev.sluice.kube.Keys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Helm runs the hooks: Helm 4 (its post-renderer), or {@code --hooks=honoured} elsewhere. sluice's objects are hooks
 * ordered by weight among the chart's own, and Helm waits for each Job.
 *
 * @param helm4  Helm 4 takes the output back (its post-renderer annotations are in the input)
 */
public record HelmHooks(boolean helm4) implements Downstream {

    @Override
    public boolean runsHooks() {
        return true;
    }

    @Override
    public boolean ordersWithChartHooks() {
        return true;
    }

    @Override
    public boolean makesFirstInstallCopies() {
        return helm4;
    }

    @Override
    public Map<String, String> annotations(Made made, Map<String, String> own) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (made.hookEvents() != null) {
            annotations.put(Keys.HOOK, made.hookEvents());
            annotations.put(Keys.HOOK_WEIGHT, Long.toString(made.weight()));
            annotations.put(Keys.HOOK_DELETE_POLICY, made.deletePolicy());
        }
        annotations.putAll(own);
        return annotations;
    }

    @Override
    public Optional<String> firstNote() {
        return helm4 ? Optional.empty() : Optional.of("hooks honoured outside Helm 4 (Argo CD maps pre-install to PreSync,"
                + " run on every sync): no first-install copies are made, so on a first sync the ServiceAccount, Secrets and"
                + " ConfigMaps the migration uses must already exist");
    }

    @Override
    public Order order(String event) {
        return Order.helm(event, true);
    }

    @Override
    public String runner() {
        return "hooks honoured: Helm 4 runs each hook in this order and waits for its Jobs; Argo CD runs them as"
                + " PreSync/PostSync hooks, the weight as sync wave (ties by kind, then name). A Helm 3 post-renderer"
                + " cannot add hooks: see --hooks=ignored";
    }
}
