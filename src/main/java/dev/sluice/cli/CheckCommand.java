package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.check.Checks;
import dev.sluice.check.Finding;
import dev.sluice.check.Rule;
import dev.sluice.kube.Severity;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.stream.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code sluice check}: lints a rendered stream for what makes migrations unsafe; exit 1 on errors. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lint a rendered stream for what makes database migrations unsafe (CI).",
                "Works on sluice's output or any chart's.",
                "One finding per line: rule, severity, document (number, # Source file, kind/name), field, what is wrong"
                        + " and what to do. Exit 1 when there is an error (or a warning, with --strict), else 0.",
                "With a plan (-c or quick flags) its targets must carry the gate; without one, workloads annotated"
                        + " sluice.dev/plan must."},
        footerHeading = "%nExamples:%n", footer = {
                "  helm template shop ./chart | sluice -c sluice.yaml \\",
                "    | sluice check -c sluice.yaml",
                "  sluice check -f rendered.yaml --strict",
                "  helm template shop ./chart | sluice check -o json \\",
                "    | jq '.[] | select(.severity==\"error\")'",
                "  sluice check --rules"})
final class CheckCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    StreamOptions stream = new StreamOptions();

    @Mixin
    PlanOptions planOptions = new PlanOptions();

    @Option(names = "--strict", description = "Warnings fail too (exit 1).")
    boolean strict;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Formats.class,
            description = "text (default: one finding a line) or json (an array of findings, as KRM results).")
    String output;

    @Option(names = "--rules", description = "List the rules and exit.")
    boolean rules;

    static final class Formats extends java.util.ArrayList<String> {
        Formats() {
            super(List.of("text", "json"));
        }
    }

    CheckCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (!output.equals("text") && !output.equals("json")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--output must be text or json, not '" + output + "'");
        }
        if (rules) {
            StringBuilder out = new StringBuilder();
            for (Rule rule : Checks.RULES) {
                out.append(rule.id()).append(' ').append(String.format("%-7s", rule.severity().word())).append(' ')
                        .append(rule.summary()).append('\n');
            }
            Answer.deliver(io, out.toString(), null);
            return ExitCode.OK;
        }
        List<MigrationPlan> plans = planOptions.given(null) ? planOptions.plans(null) : List.of();
        List<Document> docs = stream.read(io);
        List<Finding> findings = Checks.check(docs, plans);
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        Answer.deliver(io, output.equals("json") ? json(findings) : text(findings), null);
        boolean failed = errors > 0 || (strict && warnings > 0);
        io.err().println("sluice check: " + (findings.isEmpty() ? "no findings" : count(errors, "error") + ", " + count(warnings, "warning"))
                + " in " + docs.stream().filter(d -> !d.empty()).count() + " documents"
                + (failed ? "" : errors + warnings > 0 ? " (passes" + (strict ? "" : "; --strict fails on warnings") + ")" : ""));
        return failed ? ExitCode.FINDINGS : ExitCode.OK;
    }

    private static String count(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    static String text(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        findings.forEach(f -> out.append(f.line()).append('\n'));
        return out.toString();
    }

    /** Findings in the shape of KRM function results, plus sluice's rule id and fix. */
    static String json(List<Finding> findings) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (Finding f : findings) {
            ObjectNode o = array.addObject();
            o.put("rule", f.rule());
            o.put("severity", f.severity().word());
            o.put("message", f.message());
            o.put("fix", f.fix());
            ObjectNode ref = o.putObject("resourceRef");
            ref.put("apiVersion", f.resource().apiVersion());
            ref.put("kind", f.resource().kind());
            ref.put("name", f.resource().name());
            if (!f.resource().namespace().isEmpty()) {
                ref.put("namespace", f.resource().namespace());
            }
            o.putObject("field").put("path", f.field());
            ObjectNode file = o.putObject("file");
            if (f.source() != null) {
                file.put("path", f.source());
            }
            file.put("document", f.document());
            if (f.item() >= 0) {
                file.put("item", f.item());
            }
        }
        return mapper.writeValueAsString(array) + "\n";
    }
}
