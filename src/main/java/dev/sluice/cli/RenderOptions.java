package dev.sluice.cli;

import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanResolver;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamWriter;
import dev.sluice.stream.YamlTrees;
import dev.sluice.krm.Input;
import dev.sluice.downstream.Downstream;
import dev.sluice.weave.Weaver;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code sluice [render]}: the stream in, the choreography woven in, the stream out. */
final class RenderOptions {
    static final String DESCRIPTION = "Weave the migration choreography into a rendered manifest stream (the default command).";
    @Mixin
    PlanOptions planOptions = new PlanOptions();

    @Parameters(arity = "0..1", paramLabel = "PLUGIN_CONFIG",
            description = "A plan file given as the only argument, as kustomize runs exec plugins (a ResourceList on stdin makes sluice a KRM function).")
    Path pluginConfig;

    @Mixin
    StreamOptions stream = new StreamOptions();

    @Mixin
    DownstreamOptions downstream = new DownstreamOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the stream to FILE instead of stdout (only on success).")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "Say nothing on stderr (nor on the terminal under Helm) unless there is an error.")
    boolean quiet;

    @Option(names = "--fail-on-notes",
            description = "Notes fail the run (CI): exit 1 and nothing written when sluice has a note, such as a strategy it replaced.")
    boolean failOnNotes;

    Integer render(Io io) throws Exception {
        try {
            return renderUnguarded(io);
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new dev.sluice.stream.StreamException("the input is too large or too deeply nested for this JVM ("
                    + e.getClass().getSimpleName() + "); raise the heap with SLUICE_JAVA_OPTS=-Xmx2g");
        }
    }

    private Integer renderUnguarded(Io io) throws Exception {
        refuseMistypedCommand();
        if (stream.input == null && !planGiven() && Terminal.stdinIsTerminal(io)) {
            plans(); // nothing piped in and no plan: say so rather than wait for the terminal
        }
        Input input = Input.read(stream.bytes(io));
        if (input.resourceList().isPresent()) {
            return KrmFunction.run(io, input.resourceList().get(), this);
        }
        List<Document> docs = input.documents();
        List<MigrationPlan> plans = plans();
        YamlTrees.validateAll(docs, PlanResolver::mayHoldWorkload);
        KubernetesObjects.requireKindAndApiVersion(docs);
        Downstream downstream = this.downstream.choose(Helm4.rendered(docs));
        Weaver.Result result = Weaver.weave(docs, plans, downstream);
        List<String> notes = result.report().notes();
        Notes.failOnNotes(failOnNotes, notes);
        StreamWriter.Output out = StreamWriter.output(Notes.asComments(result.documents(), Notes.merged(docs, notes)));
        Answer.deliver(io, out, output);
        if (!quiet) {
            List<String> lines = new java.util.ArrayList<>(notes);
            downstream.runNote(false).ifPresent(lines::add);
            result.report().byImportance().subList(notes.size(), result.report().byImportance().size()).forEach(lines::add);
            lines.forEach(line -> io.err().println("sluice: " + line));
            if (!lines.isEmpty() && Notes.helmRunsSluice(io)) {
                Terminal.write(io, Notes.summary(lines));
            }
        }
        return ExitCode.OK;
    }

    /** {@code sluice chek}: a word that is no file and close to a subcommand is a typo, not a plan file. */
    private void refuseMistypedCommand() {
        if (pluginConfig == null || java.nio.file.Files.exists(pluginConfig) || pluginConfig.getNameCount() != 1
                || pluginConfig.toString().contains(".")) {
            return;
        }
        String word = pluginConfig.toString();
        java.util.Optional<String> command = dev.sluice.plan.Suggest.closest(word, Main.SUBCOMMANDS);
        throw new UsageException("'" + word + "' is not a command"
                + command.map(c -> "; did you mean " + c + "?")
                        .orElse(" nor a plan file; commands: " + String.join(", ", new java.util.TreeSet<>(Main.SUBCOMMANDS))));
    }

    boolean planGiven() {
        return planOptions.given(pluginConfig);
    }

    List<MigrationPlan> plans() {
        return planOptions.plans(pluginConfig);
    }
}
