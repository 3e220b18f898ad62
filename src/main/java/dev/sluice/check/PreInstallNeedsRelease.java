package dev.sluice.check;

import dev.sluice.kube.Resource;
import dev.sluice.kube.Hook;
import dev.sluice.kube.Needed;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SLU007: a pre-install hook whose pod uses a ServiceAccount, Secret or ConfigMap that does not exist yet
 * when Helm runs it on a first install: a regular resource of the release (created only after the
 * hooks), or the chart's own hook that Helm runs later (a higher weight, or the same weight and a later
 * name). On upgrades, a later hook that is deleted when its hooks succeed ({@code hook-succeeded}) is
 * missing too. Warning when the pod's hook also runs on upgrades that are fine, error otherwise.
 */
public final class PreInstallNeedsRelease extends Rule {
    public PreInstallNeedsRelease() {
        super("SLU007", Severity.ERROR,
                "a pre-install hook pod uses a ServiceAccount, Secret or ConfigMap that a first install creates only later: a regular"
                    + " resource of the release, or a hook Helm runs after it (warning when the hook also runs pre-upgrade, error when only pre-install)");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        List<Finding> out = new ArrayList<>();
        for (Resource r : stream.withPods()) {
            Hook hook = r.hook().orElse(null);
            if (hook == null || hook.skippedByHelm() || !hook.runsOn("pre-install") && !hook.runsOn("pre-upgrade")) {
                continue;
            }
            for (Needed n : Needed.by(r.podSpec(), r.podSpecPath())) {
                Optional<String> install = hook.runsOn("pre-install") ? stream.missing(n, r, hook, "pre-install") : Optional.empty();
                Optional<String> upgrade = hook.runsOn("pre-upgrade") ? stream.missing(n, r, hook, "pre-upgrade") : Optional.empty();
                if (install.isEmpty() && upgrade.isEmpty()) {
                    continue;
                }
                boolean upgradesFine = install.isPresent() && upgrade.isEmpty() && hook.runsOn("pre-upgrade");
                String why = install.orElseGet(upgrade::get);
                out.add(finding(r, upgradesFine ? Severity.WARNING : Severity.ERROR, n.field(),
                        "uses " + n.kindName() + ", " + why + (upgradesFine ? " (upgrades are fine)" : ""),
                        fix(stream, n, r, hook)));
            }
        }
        return out;
    }

    private static String fix(Rendered stream, Needed n, Resource user, Hook userHook) {
        long after = Long.MIN_VALUE;
        for (String event : List.of("pre-install", "pre-upgrade")) {
            for (Resource h : userHook.runsOn(event) ? stream.creators(n, user, event) : List.<Resource>of()) {
                after = Math.max(after, h.hook().orElseThrow().weight());
            }
        }
        if (after != Long.MIN_VALUE) {
            return "give this hook a weight above " + after + " (helm.sh/hook-weight: \"" + (after + 1) + "\"), or the hook that"
                    + " creates " + n.kindName() + " a weight below " + userHook.weight();
        }
        return "make a pre-install hook copy of " + n.kindName() + " with a lower weight (sluice does this"
                + " itself under Helm 4), or create it before the first install";
    }
}
