package dev.sluice.cli;

import dev.sluice.plan.MigrationPlan;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamWriter;
import dev.sluice.weave.Hooks;
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
            description = "A plan file given as the only argument, as kustomize runs exec plugins.")
    Path pluginConfig;

    @Mixin
    StreamOptions stream = new StreamOptions();

    @Mixin
    HookOptions hookOptions = new HookOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the stream to FILE instead of stdout (only on success).")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "Say nothing on stderr unless there is an error.")
    boolean quiet;

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
        List<Document> docs = stream.read(io);
        boolean helm4 = Doors.helm4(docs);
        Hooks mode = hookOptions.mode(helm4);
        Weaver.Result result = Weaver.weave(docs, plans, mode, helm4);
        String out = StreamWriter.write(result.documents());
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
        return planOptions.plans(pluginConfig);
    }
}
