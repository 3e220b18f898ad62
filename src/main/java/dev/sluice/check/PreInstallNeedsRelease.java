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
                Optional<String> install = hook.runsOn("pre-install") ? missing(stream, n, r, hook, "pre-install") : Optional.empty();
                Optional<String> upgrade = hook.runsOn("pre-upgrade") ? missing(stream, n, r, hook, "pre-upgrade") : Optional.empty();
                if (install.isEmpty() && upgrade.isEmpty()) {
                    continue;
                }
                boolean upgradesFine = install.isPresent() && upgrade.isEmpty() && hook.runsOn("pre-upgrade");
                String why = install.orElseGet(upgrade::get);
                out.add(r.finding(this, upgradesFine ? Severity.WARNING : Severity.ERROR, n.field(),
                        "uses " + n.kindName() + ", " + why + (upgradesFine ? " (upgrades are fine)" : ""),
                        fix(stream, n, r, hook)));
            }
        }
        return out;
    }

    /**
     * What {@code user}, a hook of {@code event} (pre-install or pre-upgrade), uses that is not there when Helm runs it: one
     * sentence each ("uses Secret/x, which ..."). The timeline of {@code sluice plan} says the same as this rule.
     */
    public static List<String> missingWhenRun(Rendered stream, Resource user, String event) {
        List<String> out = new ArrayList<>();
        Hook hook = user.hook().orElse(null);
        if (hook == null || hook.skippedByHelm() || !hook.runsOn(event) || user.podSpecPath() == null) {
            return out;
        }
        for (Needed n : Needed.by(user.podSpec(), user.podSpecPath())) {
            missing(stream, n, user, hook, event).ifPresent(why -> out.add("uses " + n.kindName() + ", " + why));
        }
        return out;
    }

    /** Why {@code n} is missing when Helm runs {@code user} in {@code event}, or empty when it is there. */
    private static Optional<String> missing(Rendered stream, Needed n, Resource user, Hook userHook, String event) {
        Resource later = null;
        for (Resource h : providers(stream, n, user, event)) {
            if (Hook.ORDER.compare(named(h), named(user)) < 0) {
                return Optional.empty();
            }
            later = later == null ? h : later;
        }
        String first = event.equals("pre-install") ? "a first install" : "an upgrade";
        if (later != null) {
            Hook h = later.hook().orElseThrow();
            if (event.equals("pre-upgrade") && !h.deletePolicies().contains("hook-succeeded")) {
                return Optional.empty(); // the one the last release made is still there
            }
            return Optional.of("which the hook " + later.where() + " (weight " + h.weight() + ") creates, and Helm runs " + event
                    + " hooks by weight, then name: this one (weight " + userHook.weight() + ") comes first"
                    + (event.equals("pre-upgrade") ? " and the last release's copy was deleted (hook-succeeded)" : "")
                    + ", so on " + first + " this pod cannot start and the " + (event.equals("pre-install") ? "install" : "upgrade") + " fails");
        }
        if (!event.equals("pre-install")) {
            return Optional.empty();
        }
        Resource regular = stream.find(n.kind(), n.name(), user.namespace()).filter(r -> r.hook().isEmpty()).orElse(null);
        if (regular == null) {
            // made only by hooks of other events (pre-upgrade, post-install...): nothing makes it before a first install's hooks
            return stream.hooks().stream().filter(r -> r != user && r.kind().equals(n.kind()) && r.name().equals(n.name())
                            && sameNamespace(r, user)).findFirst()
                    .map(r -> "which only the hook " + r.where() + " (" + String.join(", ", r.hook().orElseThrow().events())
                            + ") creates: on a first install nothing creates it before this pod, which cannot start, and the install fails");
        }
        return Optional.of("a regular resource of the release (" + regular.where()
                + "): on a first install Helm runs pre-install hooks before it creates it, so this pod cannot start and the install fails");
    }

    private static String fix(Rendered stream, Needed n, Resource user, Hook userHook) {
        long after = Long.MIN_VALUE;
        for (String event : List.of("pre-install", "pre-upgrade")) {
            for (Resource h : userHook.runsOn(event) ? providers(stream, n, user, event) : List.<Resource>of()) {
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

    /** The hooks of {@code event} that create {@code n} in the user's namespace. */
    private static List<Resource> providers(Rendered stream, Needed n, Resource user, String event) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : stream.hooks()) {
            if (r != user && r.kind().equals(n.kind()) && r.name().equals(n.name()) && sameNamespace(r, user)
                    && r.hook().orElseThrow().runsOn(event)) {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean sameNamespace(Resource a, Resource b) {
        return a.namespace().isEmpty() || b.namespace().isEmpty() || a.namespace().equals(b.namespace());
    }

    private static Hook.Named named(Resource r) {
        return new Hook.Named(r.hook().orElseThrow(), r.name(), r.kind());
    }
}
