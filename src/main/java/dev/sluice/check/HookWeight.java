package dev.sluice.check;

import dev.sluice.kube.Keys;
import dev.sluice.kube.Resource;
import dev.sluice.kube.Hook;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import java.util.ArrayList;
import java.util.List;

/** SLU004: a hook weight that is not a quoted integer string. */
public final class HookWeight extends Rule {
    public HookWeight() {
        super("SLU004", Severity.ERROR,
                "helm.sh/hook-weight is not a quoted integer string (Helm reads \"high\" or \"1.5\" as 0; an unquoted number is not a string)");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        List<Finding> out = new ArrayList<>();
        for (Resource r : stream.resources()) {
            Hook hook = r.hook().orElse(null);
            if (hook == null || hook.weightValid()) {
                continue;
            }
            String raw = hook.rawWeight().isTextual() ? "'" + hook.rawWeight().asText() + "'" : hook.rawWeight().toString();
            String problem = hook.rawWeight().isTextual()
                    ? "helm.sh/hook-weight " + raw + " is not an integer: Helm silently uses weight 0, so this hook runs in an order you did not choose"
                    : "helm.sh/hook-weight is the " + (hook.rawWeight().isNumber() ? "number " : "value ") + raw
                    + ", not a string: annotations are strings, so Helm and kubectl refuse the object";
            String suggestion = hook.rawWeight().isIntegralNumber() ? "\"" + hook.rawWeight().asText() + "\"" : "\"-5\"";
            out.add(finding(r, "metadata.annotations." + Keys.HOOK_WEIGHT, problem,
                    "write the weight as a quoted integer, e.g. helm.sh/hook-weight: " + suggestion
                            + " (in a template: {{ quote .Values.weight }})"));
        }
        return out;
    }
}
