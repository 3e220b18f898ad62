package dev.sluice.weave;

import dev.sluice.kube.Migrates;
import dev.sluice.stream.Document;

import java.util.List;

/**
 * The chart's own migration hooks, said on stderr and in {@code sluice plan} when a plan runs sluice's migration beside
 * them: two migrations in one upgrade should surprise no one, and the plan can adopt the chart's instead.
 */
final class ChartMigrations {
    private ChartMigrations() {
    }

    static void note(String plan, List<Document> docs, String job, Report report) {
        for (Migrates.ChartMigration m : Migrates.inChart(docs)) {
            report.note("plan " + plan + ": the chart runs its own migration: " + m.describe() + "; sluice's migration Job "
                    + job + " migrates too, so two migrations run" + (m.installAndUpgrade()
                    ? ". To gate on the chart's instead, set spec.migration.adopt: {job: " + m.job().name() + "} (without command)"
                    : ""));
        }
    }
}
