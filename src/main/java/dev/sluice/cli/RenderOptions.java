package dev.sluice.cli;

import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanLoader;
import dev.sluice.plan.PlanResolver;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamReader;
import dev.sluice.stream.StreamWriter;
import dev.sluice.stream.YamlTrees;
import dev.sluice.weave.Hooks;
import dev.sluice.weave.Weaver;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code sluice [render]}: the stream in, the choreography woven in, the stream out. */
final class RenderOptions {
    static final String DESCRIPTION = "Weave the migration choreography into a rendered manifest stream (the default command).";
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Plan file (MigrationPlan documents); repeatable.")
    List<Path> configs = new ArrayList<>();

    @Parameters(arity = "0..1", paramLabel = "PLUGIN_CONFIG",
            description = "A plan file given as the only argument, as kustomize runs exec plugins.")
    Path pluginConfig;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the stream from FILE instead of stdin.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the stream to FILE instead of stdout (only on success).")
    Path output;

    @Option(names = "--hooks", paramLabel = "MODE", defaultValue = "auto",
            description = "Are Helm hooks run as hooks downstream? auto (honoured when the input comes from Helm 4), honoured (Helm 4, Argo CD), ignored (Helm 3 post-renderer, kubectl apply).")
    String hooks;

    @Option(names = {"-q", "--quiet"}, description = "Say nothing on stderr unless there is an error.")
    boolean quiet;

    @Mixin
    QuickPlan quick = new QuickPlan();

    Integer render(Io io) throws Exception {
        try {
            return renderUnguarded(io);
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new dev.sluice.stream.StreamException("the input is too large or too deeply nested for this JVM ("
                    + e.getClass().getSimpleName() + "); raise the heap with SLUICE_JAVA_OPTS=-Xmx2g");
        }
    }

    private Integer renderUnguarded(Io io) throws Exception {
        List<MigrationPlan> plans = plans();
        byte[] bytes = input != null ? Files.readAllBytes(input) : io.in().readAllBytes();
        List<Document> docs = StreamReader.read(bytes);
        YamlTrees.validateAll(docs, PlanResolver::mayHoldWorkload);
        boolean helm4 = Doors.helm4(docs);
        Hooks mode = switch (hooks) {
            case "auto" -> helm4 ? Hooks.HONOURED : Hooks.IGNORED;
            case "honoured", "honored" -> Hooks.HONOURED;
            case "ignored" -> Hooks.IGNORED;
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--hooks must be auto, honoured or ignored, not '" + hooks + "'");
        };
        Weaver.Result result = Weaver.weave(docs, plans, mode, helm4);
        StreamWriter.Output out = StreamWriter.output(result.documents());
        Doors.deliver(io, out, output);
        if (!quiet) {
            result.report().lines().forEach(line -> io.err().println("sluice: " + line));
            if (mode == Hooks.IGNORED) {
                io.err().println("sluice: hooks treated as ignored (no Helm 4 annotations in the input; Helm 3's post-renderer"
                        + " and kubectl apply do not run hooks): the migration Job is applied with the release and the new pods"
                        + " wait for it at their gate; a failed migration does not fail `helm upgrade` unless you pass --wait"
                        + " (or --atomic). Pass --hooks=honoured for Argo CD.");
            }
        }
        return 0;
    }

    List<MigrationPlan> plans() {
        List<Path> files = new ArrayList<>(configs);
        if (pluginConfig != null) {
            files.add(pluginConfig);
        }
        if (!files.isEmpty() && quick.given()) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "give the plan either as a file (--config) or with quick flags (--target, --command...), not both");
        }
        if (files.isEmpty()) {
            if (!quick.given()) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "no plan: pass --config sluice.yaml, or quick flags such as --target api --command 'bin/migrate'");
            }
            return List.of(quick.toPlan());
        }
        return PlanLoader.loadAll(files);
    }
}
