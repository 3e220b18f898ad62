package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Needed;
import dev.sluice.plan.Workload;
import dev.sluice.stream.Document;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A step after the weave for tools that order objects themselves: Argo CD (hooks, sync waves) and kapp
 * (change groups and rules). Pure: the woven documents in, the same documents annotated out.
 *
 * <p>Argo CD runs PreSync hooks before it applies any of the app's objects, so on a first sync a PreSync
 * migration would find no ServiceAccount, Secret or ConfigMap of the app. Sync waves cannot help a
 * PreSync hook (phases come before waves), so the migration runs as a {@code Sync} hook instead, in a
 * wave after the objects it needs (given an earlier wave) and after sluice's RBAC and record (regular
 * resources here, so Argo tracks and prunes them); the workloads follow in wave 0. A failed migration
 * stops the sync before the workloads change.
 */
public final class Orchestrators {
    /** The weave's note for hooks honoured outside Helm 4; under --argocd the waves below take care of it. */
    private static final String FIRST_SYNC_NOTE = "hooks honoured outside Helm 4";

    private Orchestrators() {
    }

    public static Weaver.Result apply(Orchestrator orchestrator, Weaver.Result woven) {
        if (orchestrator == Orchestrator.PLAIN) {
            return woven;
        }
        List<Document> docs = new ArrayList<>(woven.documents());
        Report report = new Report();
        for (Report.Line line : woven.report().entries()) {
            if (!(orchestrator == Orchestrator.ARGO_CD && line.text().startsWith(FIRST_SYNC_NOTE))) {
                report.add(line);
            }
        }
        if (orchestrator == Orchestrator.ARGO_CD) {
            argoCd(docs, report);
        } else {
            kapp(docs, report);
        }
        return new Weaver.Result(docs, report);
    }

    // ---- Argo CD ----

    static void argoCd(List<Document> docs, Report report) {
        docs.removeIf(d -> generated(d) && "pre-install".equals(annotation(d, Keys.HOOK)));
        // per plan, what runs in which wave: Sync phase and PostSync phase
        Map<String, TreeMap<Integer, List<String>>> sync = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, List<String>>> postSync = new LinkedHashMap<>();
        List<Document> syncJobs = new ArrayList<>();
        for (Document d : docs) {
            if (!generated(d)) {
                continue;
            }
            ObjectNode annotations = annotations(d.edit());
            String hook = text(annotations.remove(Keys.HOOK));
            String weight = text(annotations.remove(Keys.HOOK_WEIGHT));
            String policy = text(annotations.remove(Keys.HOOK_DELETE_POLICY));
            boolean runs = d.kind().equals("Job") || d.kind().equals("Pod");
            boolean post = hook != null && hook.contains("post-") && !hook.contains("pre-");
            String wave = weight != null ? weight : HookWeights.of(HookWeights.ROLE);
            annotations.put(Keys.ARGO_WAVE, wave);
            String entry = d.kind() + "/" + d.name();
            if (hook != null && runs) {
                annotations.put(Keys.ARGO_HOOK, post ? "PostSync" : "Sync");
                annotations.put(Keys.ARGO_DELETE_POLICY, argoDeletePolicy(policy));
                entry += " (" + (post ? "PostSync" : "Sync") + " hook)";
                if (!post) {
                    syncJobs.add(d);
                }
            }
            (post && runs ? postSync : sync).computeIfAbsent(planOf(d), p -> new TreeMap<>())
                    .computeIfAbsent(wave(d, 0), w -> new ArrayList<>()).add(entry);
        }
        for (Document job : syncJobs) {
            int jobWave = wave(job, 0);
            for (Needed n : Needed.by(podSpec(job), "spec.template.spec")) {
                for (Document d : docs) {
                    if (generated(d) || !sameObject(d, n.kind(), n.name(), job) || annotation(d, Keys.HOOK) != null) {
                        continue;
                    }
                    if (annotation(d, Keys.ARGO_WAVE) == null) {
                        annotations(d.edit()).put(Keys.ARGO_WAVE, HookWeights.of(HookWeights.FIRST_INSTALL_COPIES));
                    } else if (wave(d, 0) >= jobWave) {
                        report.note(d.describe() + ": sync wave " + wave(d, 0) + " is not before Job " + job.name()
                                + " (wave " + jobWave + "), which uses it: on a first sync that Job cannot start; lower its"
                                + " argocd.argoproj.io/sync-wave or remove it");
                        continue;
                    }
                    List<String> at = sync.computeIfAbsent(planOf(job), p -> new TreeMap<>())
                            .computeIfAbsent(wave(d, 0), w -> new ArrayList<>());
                    if (!at.contains(n.kind() + "/" + n.name())) {
                        at.add(n.kind() + "/" + n.name());
                    }
                }
            }
            if (!"migration".equals(job.metadata().path("labels").path(Keys.ROLE).asText())) {
                continue;
            }
            for (Document d : gated(docs, job.name())) {
                if (wave(d, 0) <= jobWave) {
                    report.note(d.describe() + ": sync wave " + wave(d, 0) + " is not after the migration Job " + job.name()
                            + " (wave " + jobWave + "): Argo CD would wait for its new pods, which wait for the migration, and"
                            + " the sync would hang; remove its argocd.argoproj.io/sync-wave or raise it above " + jobWave);
                }
            }
        }
        for (Map.Entry<String, TreeMap<Integer, List<String>>> plan : sync.entrySet()) {
            StringBuilder line = new StringBuilder("plan " + plan.getKey() + ": Argo CD syncs, wave by wave: ");
            plan.getValue().forEach((wave, names) -> line.append(wave).append(": ").append(String.join(", ", names)).append("; "));
            line.append("then the workloads (their own waves, 0 by default)");
            TreeMap<Integer, List<String>> after = postSync.get(plan.getKey());
            if (after != null) {
                line.append("; after them, PostSync: ");
                List<String> parts = new ArrayList<>();
                after.forEach((wave, names) -> parts.add(wave + ": " + String.join(", ", names)));
                line.append(String.join("; ", parts));
            }
            line.append(". Not PreSync: on a first sync PreSync hooks run before any of the app's objects exist");
            report.done(line.toString());
        }
    }

    static String argoDeletePolicy(String helm) {
        List<String> out = new ArrayList<>();
        for (String p : (helm == null || helm.isBlank() ? "before-hook-creation" : helm).split(",")) {
            switch (p.trim()) {
                case "hook-succeeded" -> out.add("HookSucceeded");
                case "hook-failed" -> out.add("HookFailed");
                default -> out.add("BeforeHookCreation");
            }
        }
        return String.join(",", new java.util.LinkedHashSet<>(out));
    }

    // ---- kapp ----

    static void kapp(List<Document> docs, Report report) {
        for (Document d : docs) {
            if (!generated(d) || d.kind().equals("Job")) {
                continue;
            }
            annotations(d.edit()).put(Keys.KAPP_GROUP, group(planOf(d), "access"));
        }
        for (int i = 0; i < docs.size(); i++) {
            Document job = docs.get(i);
            if (!generated(job) || !job.kind().equals("Job")) {
                continue;
            }
            String plan = planOf(job);
            String role = job.metadata().path("labels").path(Keys.ROLE).asText("migration");
            String group = group(plan, role);
            ObjectNode edited = job.edit();
            // kapp deletes what leaves the output itself, and would re-create a Job its TTL removed and wait for it
            ((ObjectNode) edited.path("spec")).remove("ttlSecondsAfterFinished");
            ObjectNode annotations = annotations(edited);
            annotations.put(Keys.KAPP_GROUP, group);
            annotations.put(Keys.KAPP_RULE, "upsert after upserting " + group(plan, "access"));
            if (!role.equals("migration")) {
                continue;    // the record Job waits for the migration Job itself; nothing waits for it
            }
            List<String> gated = new ArrayList<>();
            for (Document d : docs) {
                if (generated(d) || d.empty() || !(d.touched() || d.mentions(job.name()))) {
                    continue;
                }
                for (Workload w : Workload.in(d)) {
                    if (waitsFor(w, job.name())) {
                        annotations(w.edit()).put(Keys.KAPP_RULE + ".sluice-" + role, "upsert after upserting " + group);
                        gated.add(w.kind() + "/" + w.name());
                    }
                }
            }
            docs.set(i, Document.generated(job.tree().orElseThrow(), job.source().orElse(null), String.join("\n",
                    "# sluice: kapp applies this migration Job after " + group(plan, "access") + " and waits for it to complete;",
                    "# the workloads that wait for it are upserted only then, so a failed migration fails `kapp deploy`",
                    "# before any of them changes.")));
            report.done("plan " + plan + ": kapp upserts sluice's access objects (change group " + group(plan, "access")
                    + "), then migration Job " + job.name() + " (" + group + ") and waits for it to complete, then "
                    + (gated.isEmpty() ? "nothing else" : String.join(", ", gated))
                    + "; a failed migration fails kapp deploy before any workload changes");
        }
    }

    /** A change group name: a qualified name as kapp requires, one per plan and step. */
    static String group(String plan, String step) {
        return "sluice.dev/" + plan + "-" + step;
    }

    // ---- shared ----

    private static boolean generated(Document d) {
        return !d.empty() && d.generated() && d.metadata().path("annotations").has(Keys.GENERATED);
    }

    private static String planOf(Document d) {
        return d.metadata().path("annotations").path(Keys.GENERATED).asText("");
    }

    private static List<Document> jobs(List<Document> docs) {
        return docs.stream().filter(d -> generated(d) && d.kind().equals("Job")).toList();
    }

    private static ObjectNode podSpec(Document job) {
        return (ObjectNode) job.tree().orElseThrow().path("spec").path("template").path("spec");
    }

    /** The documents holding a workload whose gate waits for {@code job}. */
    private static List<Document> gated(List<Document> docs, String job) {
        List<Document> out = new ArrayList<>();
        for (Document d : docs) {
            if (!generated(d) && !d.empty() && (d.touched() || d.mentions(job))
                    && Workload.in(d).stream().anyMatch(w -> waitsFor(w, job))) {
                out.add(d);
            }
        }
        return out;
    }

    private static boolean waitsFor(Workload w, String job) {
        for (JsonNode c : w.podSpec().path("initContainers")) {
            if (c.path("name").asText().equals(Keys.GATE_CONTAINER)) {
                for (JsonNode e : c.path("env")) {
                    if (e.path("name").asText().equals(Keys.ENV_JOB) && e.path("value").asText().equals(job)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean sameObject(Document d, String kind, String name, Document job) {
        if (d.empty() || !(d.touched() || d.mentions(name)) || !d.kind().equals(kind) || !d.name().equals(name)) {
            return false;
        }
        String ns = d.metadata().path("namespace").asText("");
        String jobNs = job.metadata().path("namespace").asText("");
        return ns.isEmpty() || jobNs.isEmpty() || ns.equals(jobNs);
    }

    private static int wave(Document d, int otherwise) {
        String w = annotation(d, Keys.ARGO_WAVE);
        try {
            return w == null ? otherwise : Integer.parseInt(w.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static String annotation(Document d, String key) {
        JsonNode v = d.metadata().path("annotations").path(key);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static ObjectNode annotations(ObjectNode object) {
        ObjectNode metadata = Trees.object(object, "metadata");
        return Trees.object(metadata, "annotations");
    }
}
