package dev.sluice.cli;

import dev.sluice.kube.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.krm.ResourceList;
import dev.sluice.krm.Results;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.PlanLoader;
import dev.sluice.plan.Suggest;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamException;
import dev.sluice.stream.YamlTrees;
import dev.sluice.downstream.Downstream;
import dev.sluice.weave.Weaver;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The KRM function door (kpt {@code fn eval --exec} / {@code fn render}, kustomize functions): a
 * ResourceList in, a ResourceList out with {@code results}. The plan comes from {@code functionConfig}
 * (a MigrationPlan, or the ConfigMap kpt makes of {@code -- key=value} arguments), else from the command
 * line. On an error the answer is still a ResourceList (items unchanged, an error result) and the exit
 * code is non-zero: kpt then prints the results and writes nothing.
 */
final class KrmFunction {
    /** functionConfig ConfigMap keys: the quick flags' names without dashes, and the output options. */
    static final List<String> KEYS = Stream.concat(Stream.of("target", "selector", "kind", "command", "image",
            "from", "strategy", "plan-name", "wait-image", "wait-timeout"), DownstreamOptions.KEYS.stream()).toList();

    private KrmFunction() {
    }

    static int run(Io io, ResourceList list, RenderOptions options) throws java.io.IOException {
        Results results;
        String out;
        int code = ExitCode.OK;
        try {
            Settings settings = settings(list.functionConfig().orElse(null), options);
            Downstream downstream = settings.downstream().choose(Helm4.rendered(list.items()));
            Weaver.Result woven = Weaver.weave(list.items(), settings.plans(), downstream);
            Notes.failOnNotes(options.failOnNotes, woven.report().notes());
            List<Document> docs = list.place(woven.documents());
            results = new Results(docs);
            results.woven();
            woven.report().lines().forEach(results::note);
            downstream.runNote(true).ifPresent(results::note);
            out = list.write(docs, results.toArray());
        } catch (RuntimeException e) {
            if (!answered(e)) {
                throw e;
            }
            code = e instanceof StreamException ? ExitCode.INVALID_INPUT : ExitCode.USAGE;
            String message = e instanceof CommandLine.ParameterException p ? Main.usage(p) : e.getMessage();
            results = new Results(list.items());
            results.error(message);
            out = list.unchanged(results.toArray());
            io.err().println("sluice: error: " + message);
            io.err().flush();
        }
        Answer.deliver(io, out, options.output);
        return code;
    }

    /**
     * The errors the function answers with a result (the input's, the plan's, the arguments'); anything else is a bug.
     * Asked with instanceof, not a catch clause, so that a run without an error loads no picocli class.
     */
    private static boolean answered(RuntimeException e) {
        return e instanceof StreamException || e instanceof UsageException || e instanceof Downstream.Refused
                || e instanceof IllegalArgumentException || e instanceof CommandLine.ParameterException;
    }

    /** The plan and output options, from functionConfig or else from the command line, never both. */
    record Settings(List<MigrationPlan> plans, DownstreamOptions downstream) {
    }

    static Settings settings(ObjectNode config, RenderOptions options) {
        String kind = config == null ? "" : config.path("kind").asText("");
        boolean cliPlan = options.planGiven();
        if (kind.equals(MigrationPlan.KIND)) {
            if (cliPlan) {
                throw new UsageException("the plan is given twice: as functionConfig and on the command line");
            }
            return new Settings(List.of(PlanLoader.bind(config, "functionConfig MigrationPlan/"
                    + config.path("metadata").path("name").asText("?"))), options.downstream);
        }
        Map<String, String> data = kind.equals("ConfigMap") ? data(config) : Map.of();
        if (config != null && !kind.isEmpty() && !kind.equals("ConfigMap")) {
            throw new PlanException("functionConfig is a " + kind + "; sluice takes a " + MigrationPlan.KIND
                    + " (apiVersion " + Keys.API_VERSION + ") or a ConfigMap of key=value arguments ("
                    + String.join(", ", KEYS) + ")");
        }
        DownstreamOptions downstream = options.downstream.with(data);
        QuickPlan quick = quickPlan(data);
        if (quick.given()) {
            if (cliPlan) {
                throw new UsageException("the plan is given twice: as functionConfig arguments and on the command line");
            }
            return new Settings(List.of(quick.toPlan()), downstream);
        }
        if (!cliPlan) {
            throw new UsageException("no plan: give functionConfig a MigrationPlan (kpt fn eval --fn-config"
                    + " sluice.yaml), or arguments (kpt fn eval --exec sluice -- target=api command='bin/migrate'), or"
                    + " --config in the exec command");
        }
        return new Settings(options.plans(), downstream);
    }

    private static Map<String, String> data(ObjectNode config) {
        Map<String, String> data = new LinkedHashMap<>();
        JsonNode node = config.path("data");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!KEYS.contains(e.getKey())) {
                throw new PlanException("functionConfig ConfigMap: unknown key '" + e.getKey() + "'"
                        + Suggest.closest(e.getKey(), KEYS).map(s -> "; did you mean '" + s + "'?").orElse("")
                        + " (keys: " + String.join(", ", KEYS) + ")");
            }
            // a ConfigMap's data is text: a plain 0755 or 1.10 is taken as written, not as kubectl's number
            data.put(e.getKey(), e.getValue().isValueNode()
                    ? dev.sluice.stream.KubectlScalars.asWritten(e.getValue()).orElse(e.getValue().asText())
                    : YamlTrees.write(e.getValue()).strip());
        }
        return data;
    }

    /** The ConfigMap's keys as quick flags: target takes names separated by commas. */
    private static QuickPlan quickPlan(Map<String, String> data) {
        QuickPlan q = new QuickPlan();
        String targets = data.get("target");
        if (targets != null) {
            List<String> names = new ArrayList<>();
            for (String t : targets.split(",")) {
                if (!t.isBlank()) {
                    names.add(t.trim());
                }
            }
            q.targets = names;
        }
        if (data.containsKey("selector")) {
            q.selectors = List.of(data.get("selector"));
        }
        q.kind = data.get("kind");
        q.command = data.get("command");
        q.image = data.get("image");
        q.from = data.get("from");
        q.strategy = data.get("strategy");
        q.planName = data.get("plan-name");
        q.waitImage = data.get("wait-image");
        String timeout = data.get("wait-timeout");
        if (timeout != null) {
            try {
                q.waitTimeout = Integer.valueOf(timeout.trim());
            } catch (NumberFormatException e) {
                throw new PlanException("functionConfig ConfigMap: wait-timeout must be a number of seconds, not '" + timeout + "'");
            }
        }
        return q;
    }
}
