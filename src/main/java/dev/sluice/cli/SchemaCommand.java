package dev.sluice.cli;

import dev.sluice.schema.PlanSchema;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code sluice schema}: the JSON Schema of a MigrationPlan, generated from the plan model itself. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print the JSON Schema of a MigrationPlan (for editors and CI).",
                "Draft 2020-12, generated from the same model sluice reads plans with: for editors (YAML language",
                "server) and CI validation. Rules that need the stream",
                "(a target that matches nothing, a missing container) are checked by sluice itself."},
        footerHeading = "%nExamples:%n", footer = {
                "  sluice schema > sluice.schema.json",
                "  # first line of sluice.yaml, for editors with the YAML language server:",
                "  # yaml-language-server: $schema=./sluice.schema.json"})
final class SchemaCommand implements Callable<Integer> {
    private final Io io;

    SchemaCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        Answer.deliver(io, PlanSchema.json(), null);
        return ExitCode.OK;
    }
}
