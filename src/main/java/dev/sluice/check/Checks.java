package dev.sluice.check;

import dev.sluice.kube.Rendered;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code sluice check}: every rule over a rendered stream, findings in stream order. */
public final class Checks {
    public static final List<Rule> RULES = List.of(new RolloutRoom(), new MissingGate(), new GateOnRemovedJob(),
            new HookWeight(), new UnknownHookName(), new HookOrderByName(), new PreInstallNeedsRelease(),
            new HpaScaledToZero(), new GateTimeoutShort(), new SidecarNeverExits(), new MigrationPodDiffers(),
            new ChartMigration());

    private Checks() {
    }

    /** The findings of every rule; {@code plans} may be empty (then targets come from sluice.dev/plan annotations only). */
    public static List<Finding> check(List<Document> docs, List<MigrationPlan> plans) {
        Rendered stream = Rendered.of(docs);
        List<Finding> out = new ArrayList<>();
        for (Rule rule : RULES) {
            out.addAll(rule.check(stream, plans));
        }
        out.sort(Comparator.comparingInt((Finding f) -> f.document() == 0 ? Integer.MAX_VALUE : f.document())
                .thenComparingInt(Finding::item).thenComparing(Finding::rule));
        return out;
    }
}
