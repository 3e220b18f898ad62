package dev.sluice.cli;

import dev.sluice.plan.MigrationPlan;
import dev.sluice.stream.Document;
import dev.sluice.timeline.JsonTimeline;
import dev.sluice.timeline.MermaidTimeline;
import dev.sluice.timeline.TextTimeline;
import dev.sluice.timeline.Timeline;
import dev.sluice.timeline.UpgradeOrder;
import dev.sluice.downstream.Downstream;
import dev.sluice.weave.Weaver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sluice plan}: what an upgrade will do, step by step, before it runs. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what an upgrade will do, step by step, before it runs.",
                "In the order whoever applies the output runs it: under Helm, hooks by weight",
                "then name, the release, each gated workload's rollout, hooks after; under",
                "Argo CD (--argocd) its sync waves and Sync hooks; under kapp (--kapp) its",
                "change rules; and what a failure at each step means. Weaves in memory: takes",
                "render's plan, stream, --hooks, --argocd and --kapp options, writes nothing else.",
                "Without a plan, shows the stream as it is (sluice's own output for instance)."},
        footerHeading = "%nExamples:%n", footer = {
                "  helm template shop ./chart | sluice plan -c sluice.yaml",
                "  # as Helm 4 runs it; as Argo CD or kapp apply sluice --argocd or --kapp output",
                "  helm template shop ./chart | sluice plan -c sluice.yaml --hooks=honoured",
                "  helm template shop ./chart | sluice plan -c sluice.yaml --argocd",
                "  # a diagram to paste into a PR",
                "  sluice plan -c sluice.yaml -f rendered.yaml -o mermaid > upgrade.mmd",
                "  sluice plan -c sluice.yaml -f rendered.yaml -o json | jq '.steps[].onFailure'",
                "  # a first install",
                "  sluice plan -c sluice.yaml -f rendered.yaml --install"})
final class PlanCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    PlanOptions planOptions = new PlanOptions();

    @Mixin
    StreamOptions stream = new StreamOptions();

    @Mixin
    DownstreamOptions downstreamOptions = new DownstreamOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Formats.class,
            description = "text (default), mermaid (a flowchart for a pull request) or json (a stable schema, see README).")
    String output;

    @Option(names = "--install", description = "Show a first install (pre-install hooks) instead of an upgrade.")
    boolean install;

    @Option(names = "--width", paramLabel = "COLUMNS", defaultValue = "80", description = "Wrap text at COLUMNS (default 80).")
    int width;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto", completionCandidates = Whens.class,
            description = "auto (default: only when stdout is a terminal and NO_COLOR is unset), always or never.")
    String color;

    static final class Formats extends ArrayList<String> {
        Formats() {
            super(List.of("text", "mermaid", "json"));
        }
    }

    static final class Whens extends ArrayList<String> {
        Whens() {
            super(List.of("auto", "always", "never"));
        }
    }

    PlanCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of("text", "mermaid", "json").contains(output)) {
            throw usage("--output must be text, mermaid or json, not '" + output + "'");
        }
        if (!List.of("auto", "always", "never").contains(color)) {
            throw usage("--color must be auto, always or never, not '" + color + "'");
        }
        if (width < 40) {
            throw usage("--width must be at least 40");
        }
        List<MigrationPlan> plans = planOptions.given(null) ? planOptions.plans(null) : List.of();
        List<Document> docs = stream.read(io);
        Downstream downstream = downstreamOptions.choose(Helm4.rendered(docs));
        List<Document> woven = docs;
        List<String> notes = new ArrayList<>();
        if (plans.isEmpty()) {
            notes.add("no plan given: this is the stream as it is; pass -c sluice.yaml (or quick flags) to see what sluice adds");
        } else {
            Weaver.Result result = Weaver.weave(docs, plans, downstream);
            woven = result.documents();
            notes.addAll(result.report().lines());
        }
        Timeline timeline = UpgradeOrder.timeline(woven, downstream, install ? Timeline.INSTALL : Timeline.UPGRADE, notes);
        String text = switch (output) {
            case "mermaid" -> MermaidTimeline.render(timeline);
            case "json" -> JsonTimeline.render(timeline);
            default -> TextTimeline.render(timeline, width, colour());
        };
        Answer.deliver(io, text, null);
        return ExitCode.OK;
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), message);
    }

    private boolean colour() {
        if (color.equals("always")) {
            return true;
        }
        String noColor = io.env().get("NO_COLOR");
        return color.equals("auto") && (noColor == null || noColor.isEmpty()) && Terminal.stdoutIsTerminal(io);
    }
}
