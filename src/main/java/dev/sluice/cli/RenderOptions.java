package dev.sluice.cli;

import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanLoader;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamReader;
import dev.sluice.stream.StreamWriter;
import dev.sluice.stream.YamlTrees;
import dev.sluice.krm.ResourceList;
import dev.sluice.weave.Hooks;
import dev.sluice.weave.Orchestrator;
import dev.sluice.weave.Orchestrators;
import dev.sluice.weave.Weaver;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code sluice [render]}: the stream in, the choreography woven in, the stream out. */
final class RenderOptions {
    static final String DESCRIPTION = "Weave the migration choreography into a rendered manifest stream (the default command).";
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Plan file (MigrationPlan documents); repeatable.")
    List<Path> configs = new ArrayList<>();

    @Parameters(arity = "0..1", paramLabel = "PLUGIN_CONFIG",
            description = "A plan file given as the only argument, as kustomize runs exec plugins (a ResourceList on stdin makes sluice a KRM function).")
    Path pluginConfig;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the stream from FILE instead of stdin.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the stream to FILE instead of stdout (only on success).")
    Path output;

    @Option(names = "--hooks", paramLabel = "MODE", defaultValue = "auto",
            description = "Are Helm hooks run as hooks downstream? auto (honoured when the input comes from Helm 4), honoured (Helm 4, Argo CD), ignored (Helm 3 post-renderer, kubectl apply).")
    String hooks;

    @Option(names = "--argocd",
            description = "Argo CD applies the output: the migration runs as a Sync hook in a sync wave after the objects it needs, so a first sync works; implies --hooks=honoured.")
    boolean argocd;

    @Option(names = "--kapp",
            description = "kapp applies the output: change groups and rules order sluice's RBAC, then the migration Job (kapp waits for it), then the gated workloads.")
    boolean kapp;

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
        if (input == null && !planGiven() && io.in() == System.in && System.console() != null) {
            plans(); // nothing piped in and no plan: say so rather than wait for the terminal
        }
        byte[] bytes = input != null ? Files.readAllBytes(input) : io.in().readAllBytes();
        List<Document> docs = StreamReader.read(bytes);
        Optional<ResourceList> resourceList = ResourceList.of(docs);
        if (resourceList.isPresent()) {
            return KrmFunction.run(io, resourceList.get(), this);
        }
        List<MigrationPlan> plans = plans();
        for (Document doc : docs) {
            YamlTrees.validate(doc);
        }
        Downstream downstream = Downstream.of(hooks, argocd, kapp, Doors.helm4(docs));
        Weaver.Result result = weave(docs, plans, downstream);
        String out = StreamWriter.write(result.documents());
        Doors.deliver(io, out, output);
        if (!quiet) {
            result.report().lines().forEach(line -> io.err().println("sluice: " + line));
            if (downstream.hooks() == Hooks.IGNORED && downstream.orchestrator() == Orchestrator.PLAIN) {
                io.err().println("sluice: hooks treated as ignored (no Helm 4 annotations in the input; Helm 3's post-renderer"
                        + " and kubectl apply do not run hooks): the migration Job is applied with the release and the new pods"
                        + " wait for it at their gate; a failed migration does not fail `helm upgrade` unless you pass --wait"
                        + " (or --atomic). Pass --argocd for Argo CD, --kapp for kapp.");
            }
        }
        return 0;
    }

    /** The weave for whoever applies the output, with that tool's own ordering annotations when it has them. */
    static Weaver.Result weave(List<Document> docs, List<MigrationPlan> plans, Downstream downstream) {
        return Orchestrators.apply(downstream.orchestrator(), Weaver.weave(docs, plans, downstream.hooks(), downstream.helm4()));
    }

    boolean planGiven() {
        return !configs.isEmpty() || pluginConfig != null || quick.given();
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
