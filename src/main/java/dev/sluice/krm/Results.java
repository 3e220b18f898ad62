package dev.sluice.krm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.krm.Result.FileRef;
import dev.sluice.plan.Workload;
import dev.sluice.stream.Document;
import dev.sluice.kube.Gate;
import dev.sluice.kube.Keys;
import dev.sluice.kube.ResourceRef;
import dev.sluice.kube.Severity;
import dev.sluice.weave.OldPods;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code results} of a run: what sluice made of the stream, in the words kpt prints. Results describe
 * the output as it is (which workload waits for which Job, what sluice added), not what changed in this
 * run, so that running the function again gives the same results. Anything else sluice has to say (its
 * notes, a {@code check} finding) is one {@link #add} call away.
 */
public final class Results {

    private final List<Document> items;
    private final List<Result> results = new ArrayList<>();

    /** {@code items}: the documents the results are about, to find each one's file. */
    public Results(List<Document> items) {
        this.items = items;
    }

    public void add(Result result) {
        results.add(result);
    }

    /** A result about a resource (or about none: ref null), its file looked up among the items. */
    public void add(Severity severity, String message, ResourceRef ref, String field) {
        results.add(new Result(severity, message, ref, field, ref == null ? null : fileOf(ref)));
    }

    public void error(String message) {
        add(Severity.ERROR, message, null, null);
    }

    /** A note of sluice's (the lines it prints on stderr elsewhere); about a resource when it names exactly one. */
    public void note(String line) {
        add(Severity.INFO, line, onlyResourceNamedIn(line), null);
    }

    public boolean hasErrors() {
        return results.stream().anyMatch(r -> r.severity() == Severity.ERROR);
    }

    public ArrayNode toArray() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        results.forEach(r -> out.add(r.toTree()));
        return out;
    }

    /** What the woven stream holds: every gated workload with its gate and rollout, every object sluice added. */
    public void woven() {
        Map<String, String> planOfJob = new HashMap<>();
        for (Document d : items) {
            if (!d.empty() && d.kind().equals("Job") && d.metadata().path("annotations").has(Keys.GENERATED)) {
                planOfJob.put(d.name(), d.metadata().path("annotations").path(Keys.GENERATED).asText());
            }
        }
        for (Document d : items) {
            if (d.empty()) {
                continue;
            }
            if (d.metadata().path("annotations").has(Keys.GENERATED)) {
                generated(d);
                continue;
            }
            if (!d.touched() && !d.mentions(Keys.GATE_CONTAINER)) {
                continue;
            }
            for (Workload w : Workload.in(d)) {
                gated(d, w, planOfJob);
            }
        }
    }

    private void gated(Document d, Workload w, Map<String, String> planOfJob) {
        Gate gate = Gate.in(w.podSpec()).stream().filter(Gate::sluice).findFirst().orElse(null);
        if (gate != null) {
            String job = gate.job();
            String plan = planOfJob.getOrDefault(job, "?");
            ResourceRef ref = ResourceRef.of(w.object());
            FileRef file = FileRef.of(d.tree().orElseThrow());
            results.add(new Result(Severity.INFO, "plan " + plan + ": pods start only once migration Job " + job
                    + " has succeeded (initContainer " + Keys.GATE_CONTAINER + ")", ref,
                    w.podSpecPath() + ".initContainers[" + gate.index() + "]", file));
            String strategy = switch (w.kind()) {
                case "Deployment" -> "spec.strategy";
                case "DaemonSet" -> "spec.updateStrategy";
                default -> null;
            };
            JsonNode unavailable = strategy == null ? null
                    : w.object().path("spec").path(strategy.substring(5)).path("rollingUpdate").path("maxUnavailable");
            if (unavailable != null && (unavailable.asText().equals("0") || unavailable.asText().equals("0%"))) {
                results.add(new Result(Severity.INFO, "plan " + plan + ": RollingUpdate with maxUnavailable 0: old pods"
                        + " keep serving until new ones are ready", ref, strategy, file));
            }
        }
    }

    private void generated(Document d) {
        JsonNode tree = d.tree().orElseThrow();
        String plan = d.metadata().path("annotations").path(Keys.GENERATED).asText();
        String role = d.metadata().path("labels").path(Keys.ROLE).asText("");
        boolean job = d.kind().equals("Job");
        String what = switch (role) {
            case Keys.ROLE_ACCESS -> "access for the gate and the record (by resource name only)";
            case Keys.ROLE_RECORD -> job ? "the Job that records the migration once it succeeded (sluice's own ServiceAccount, the only"
                    + " one that may write the record)" : d.kind().equals("ConfigMap")
                    ? "the record of succeeded migrations: pods started later pass the gate at once"
                    : "access for writing the record (by resource name only)";
            case Keys.ROLE_MIGRATION -> "the migration Job: " + String.join(" ", command(tree, "initContainers", "migrate"));
            case Keys.ROLE_STEP_BEFORE, Keys.ROLE_STEP_AFTER -> "step " + stepName(tree) + (role.equals(Keys.ROLE_STEP_BEFORE) ? " before the migration: "
                    : " after the rollout: ") + String.join(" ", command(tree, "containers", null));
            default -> OldPods.describe(role, job).orElse(job ? "a Job (" + role + ")" : "an object it needs");
        };
        results.add(new Result(Severity.INFO, "plan " + plan + ": added " + what, ResourceRef.of(tree), null, FileRef.of(tree)));
    }

    /** The command and args of a Job's container ({@code name} null: the first of the list). */
    private static List<String> command(JsonNode job, String list, String name) {
        List<String> words = new ArrayList<>();
        for (JsonNode c : job.path("spec").path("template").path("spec").path(list)) {
            if (name == null || c.path("name").asText().equals(name)) {
                c.path("command").forEach(w -> words.add(w.asText()));
                c.path("args").forEach(w -> words.add(w.asText()));
                break;
            }
        }
        return words;
    }

    private static String stepName(JsonNode job) {
        return job.path("spec").path("template").path("spec").path("containers").path(0).path("name").asText("?");
    }

    private FileRef fileOf(ResourceRef ref) {
        for (Document d : items) {
            if (d.empty()) {
                continue;
            }
            ResourceRef here = ResourceRef.of(d.tree().orElseThrow());
            if (here.kind().equals(ref.kind()) && here.name().equals(ref.name())
                    && (ref.namespace().isEmpty() || ref.namespace().equals(here.namespace()))) {
                return FileRef.of(d.tree().orElseThrow());
            }
        }
        return null;
    }

    private ResourceRef onlyResourceNamedIn(String line) {
        ResourceRef found = null;
        for (Document d : items) {
            if (d.empty()) {
                continue;
            }
            ResourceRef ref = ResourceRef.of(d.tree().orElseThrow());
            if (ref.kind().isEmpty() || ref.name().isEmpty() || !line.contains(ref.kindName())) {
                continue;
            }
            if (!Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(ref.kindName()) + "(?![a-z0-9.-]*[a-z0-9])").matcher(line).find()) {
                continue;
            }
            if (found != null && !found.equals(ref)) {
                return null;
            }
            found = ref;
        }
        return found;
    }
}
