package dev.sluice.cli;

import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanLoader;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the plans come from: plan files ({@code -c}) or quick flags; shared by render, plan and check. */
final class PlanOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Plan file (MigrationPlan documents); repeatable.")
    List<Path> configs = new ArrayList<>();

    @Mixin
    QuickPlan quick = new QuickPlan();

    boolean given(Path extra) {
        return !configs.isEmpty() || extra != null || quick.given();
    }

    /** The plans given; {@code extra} is a plan file given another way (kustomize's argument), or null. */
    List<MigrationPlan> plans(Path extra) {
        List<Path> files = new ArrayList<>(configs);
        if (extra != null) {
            files.add(extra);
        }
        if (!files.isEmpty() && quick.given()) {
            throw UsageException.picocli(this,
                    "give the plan either as a file (--config) or with quick flags (--target, --command...), not both");
        }
        if (files.isEmpty()) {
            if (!quick.given()) {
                throw UsageException.picocli(this,
                        "no plan: pass --config sluice.yaml, or quick flags such as --target api --command 'bin/migrate'");
            }
            return List.of(quick.toPlan());
        }
        return PlanLoader.loadAll(files);
    }
}
