package dev.sluice.check;

import dev.sluice.kube.Keys;
import dev.sluice.kube.Resource;
import dev.sluice.kube.Hook;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import dev.sluice.plan.Suggest;

import java.util.ArrayList;
import java.util.List;

/** SLU005: a hook or delete-policy name Helm does not know, which it drops without a word. */
public final class UnknownHookName extends Rule {
    public UnknownHookName() {
        super("SLU005", Severity.ERROR,
                "unknown name in helm.sh/hook or helm.sh/hook-delete-policy (Helm drops the object or the policy silently)");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        List<Finding> out = new ArrayList<>();
        for (Resource r : stream.resources()) {
            Hook hook = r.hook().orElse(null);
            if (hook == null) {
                continue;
            }
            for (String name : hook.unknownEvents()) {
                out.add(finding(r, "metadata.annotations." + Keys.HOOK,
                        "'" + name + "' is not a Helm hook: Helm 4 skips this object altogether (neither hook nor release"
                                + " resource) and Helm 3 ignores the name, without a warning",
                        Suggest.closest(name, Hook.EVENTS).map(s -> "did you mean '" + s + "'? ").orElse("")
                                + "valid hooks: " + String.join(", ", Hook.EVENTS)));
            }
            for (String name : hook.unknownDeletePolicies()) {
                out.add(finding(r, "metadata.annotations." + Keys.HOOK_DELETE_POLICY,
                        "'" + name + "' is not a hook delete policy: Helm ignores it without a warning",
                        Suggest.closest(name, Hook.DELETE_POLICIES).map(s -> "did you mean '" + s + "'? ").orElse("")
                                + "valid policies: " + String.join(", ", Hook.DELETE_POLICIES)));
            }
        }
        return out;
    }
}
