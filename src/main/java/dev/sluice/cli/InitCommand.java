package dev.sluice.cli;

import dev.sluice.starter.StarterPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sluice init}: a starting sluice.yaml guessed from a rendered stream. */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a starting sluice.yaml guessed from a rendered stream.",
                "The container to inherit from: the one that carries the database settings (env and envFrom from Secrets",
                "and ConfigMaps), never a proxy, web server or agent, in the release's own workloads before subcharts'.",
                "Targets: every workload (Deployment, StatefulSet, DaemonSet, CronJob, Job) that runs its image.",
                "The migration command is left for you: sluice refuses the plan, and says what to write, until it is set."},
        footerHeading = "%nExamples:%n", footer = {
                "  helm template shop ./chart | sluice init > sluice.yaml",
                "  sluice init -f rendered.yaml -o sluice.yaml"})
final class InitCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    StreamOptions stream = new StreamOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the plan to FILE (not over an existing file unless --force).")
    Path output;

    @Option(names = "--force", description = "Overwrite the --output file if it exists.")
    boolean force;

    InitCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (output != null && Files.exists(output) && !force) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    output + " exists; pass --force to overwrite it, or choose another --output");
        }
        String plan = StarterPlan.write(stream.read(io));
        Answer.deliver(io, plan, output);
        if (output != null) {
            io.err().println("sluice: wrote " + output + "; set spec.migration.command, then: sluice plan -c " + output);
        }
        return ExitCode.OK;
    }
}
