package dev.sluice.check;

import dev.sluice.kube.Resource;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import dev.sluice.kube.Migrates;
import dev.sluice.kube.Keys;
import java.util.ArrayList;
import java.util.List;

/**
 * SLU012: the chart runs its own migration as a hook Job (Ory's {@code automigrate}, Mastodon's {@code db-pre-migrate}).
 * Said so that no one is surprised by two migrations in one stream, the chart's and sluice's; a plan can adopt the
 * chart's instead ({@code spec.migration.adopt}). Information: two runs of an idempotent migration tool are not unsafe.
 */
public final class ChartMigration extends Rule {
    public ChartMigration() {
        super("SLU012", Severity.INFO,
                "the chart runs its own migration as a hook Job; with sluice's migration in the same stream, two migrations run");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        List<Finding> out = new ArrayList<>();
        List<Resource> sluices = stream.resources().stream().filter(r -> r.kind().equals("Job") && r.generatedBySluice()
                && r.labels().path(Keys.ROLE).asText("").equals("migration")).toList();
        for (Resource r : stream.hooks()) {
            Migrates.of(r).ifPresent(m -> {
                String adoptedBy = r.annotations().path(Keys.ADOPTED_BY).asText("");
                String message = m.describe() + ": the chart's own migration";
                String fix;
                if (!adoptedBy.isEmpty()) {
                    message += ", adopted by plan " + adoptedBy + ": the gates wait for it and the record keeps its success";
                    fix = "nothing to do";
                } else if (!sluices.isEmpty()) {
                    message += "; sluice's Job/" + sluices.get(0).name() + " migrates too: two migrations run in one upgrade";
                    fix = "let sluice adopt it instead of running its own: spec.migration.adopt: {job: " + r.name() + "}"
                            + " (without spec.migration.command), or turn the chart's migration off in its values";
                } else {
                    message += "; no sluice gate waits for it";
                    fix = "to gate the app on it, adopt it in a plan: spec.migration.adopt: {job: " + r.name() + "}";
                }
                out.add(finding(r, "metadata.name", message, fix));
            });
        }
        return out;
    }
}
