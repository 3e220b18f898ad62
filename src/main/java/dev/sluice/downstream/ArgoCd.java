package dev.sluice.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Needed;
import dev.sluice.kube.Keys;
import dev.sluice.plan.Workload;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Argo CD applies the output ({@code --argocd}): hook, sync-wave and delete-policy annotations of its own.
 *
 * <p>Argo CD runs PreSync hooks before it applies any of the app's objects, so on a first sync a PreSync
 * migration would find no ServiceAccount, Secret or ConfigMap of the app. Sync waves cannot help a
 * PreSync hook (phases come before waves), so the migration runs as a {@code Sync} hook instead, in a
 * wave after the objects it needs (given an earlier wave) and after sluice's RBAC and record (regular
 * resources here, so Argo tracks and prunes them); the workloads follow in wave 0. A failed migration
 * stops the sync before the workloads change.
 */
public record ArgoCd() implements Downstream {
    static final String SYNC = "Sync";
    static final String POST_SYNC = "PostSync";

    @Override
    public boolean runsHooks() {
        return true;
    }

    /** Sluice's weight as its sync wave; a Job or Pod that Helm would run as a hook is an Argo CD hook. */
    @Override
    public void annotate(Made made, ObjectNode annotations) {
        annotations.put(Keys.ARGO_WAVE, Long.toString(made.weight()));
        if (made.hookEvents() != null && made.runs()) {
            annotations.put(Keys.ARGO_HOOK, phase(made.hookEvents()));
            annotations.put(Keys.ARGO_DELETE_POLICY, deletePolicy(made.deletePolicy()));
        }
    }

    /** Sync, in a wave after what the hook needs; PostSync for what Helm runs only after the release. */
    static String phase(String helmEvents) {
        return helmEvents.contains("post-") && !helmEvents.contains("pre-") ? POST_SYNC : SYNC;
    }

    static String deletePolicy(String helm) {
        List<String> out = new ArrayList<>();
        for (String p : (helm == null || helm.isBlank() ? "before-hook-creation" : helm).split(",")) {
            switch (p.trim()) {
                case "hook-succeeded" -> out.add("HookSucceeded");
                case "hook-failed" -> out.add("HookFailed");
                default -> out.add("BeforeHookCreation");
            }
        }
        return String.join(",", new LinkedHashSet<>(out));
    }

    /**
     * Gives what sluice's Sync hooks need from the chart an earlier wave ({@code wave}), warns where a wave of the chart
     * would make the first sync fail or hang, and says the plan's order wave by wave.
     */
    @Override
    public void woven(String plan, List<Document> made, List<Document> stream, List<Workload> targets, String job, long wave,
                      Notes notes) {
        TreeMap<Long, List<String>> sync = new TreeMap<>();
        TreeMap<Long, List<String>> postSync = new TreeMap<>();
        List<Document> syncJobs = new ArrayList<>();
        for (Document d : made) {
            String hook = Annotations.of(d, Keys.ARGO_HOOK);
            String entry = d.kind() + "/" + d.name() + (hook == null ? "" : " (" + hook + " hook)");
            if (SYNC.equals(hook)) {
                syncJobs.add(d);
            }
            (POST_SYNC.equals(hook) ? postSync : sync).computeIfAbsent(wave(d), w -> new ArrayList<>()).add(entry);
        }
        for (Document syncJob : syncJobs) {
            long jobWave = wave(syncJob);
            JsonNode pod = syncJob.tree().orElseThrow().path("spec").path("template").path("spec");
            for (Needed n : Needed.by(pod, "spec.template.spec")) {
                for (Document d : stream) {
                    if (!sameObject(d, n.kind(), n.name(), syncJob) || Annotations.of(d, Keys.HOOK) != null) {
                        continue;
                    }
                    if (Annotations.of(d, Keys.ARGO_WAVE) == null) {
                        Annotations.edit(d.edit()).put(Keys.ARGO_WAVE, Long.toString(wave));
                    } else if (wave(d) >= jobWave) {
                        notes.note(d.describe() + ": sync wave " + wave(d) + " is not before Job " + syncJob.name()
                                + " (wave " + jobWave + "), which uses it: on a first sync that Job cannot start; lower its"
                                + " argocd.argoproj.io/sync-wave or remove it");
                        continue;
                    }
                    List<String> at = sync.computeIfAbsent(wave(d), w -> new ArrayList<>());
                    if (!at.contains(n.kind() + "/" + n.name())) {
                        at.add(n.kind() + "/" + n.name());
                    }
                }
            }
            if (!Keys.ROLE_MIGRATION.equals(syncJob.metadata().path("labels").path(Keys.ROLE).asText())) {
                continue;
            }
            for (Document d : gated(stream, targets)) {
                if (wave(d) <= jobWave) {
                    notes.note(d.describe() + ": sync wave " + wave(d) + " is not after the migration Job " + syncJob.name()
                            + " (wave " + jobWave + "): Argo CD would wait for its new pods, which wait for the migration, and"
                            + " the sync would hang; remove its argocd.argoproj.io/sync-wave or raise it above " + jobWave);
                }
            }
        }
        StringBuilder line = new StringBuilder("plan " + plan + ": Argo CD syncs, wave by wave: ");
        sync.forEach((w, names) -> line.append(w).append(": ").append(String.join(", ", names)).append("; "));
        line.append("then the workloads (their own waves, 0 by default)");
        if (!postSync.isEmpty()) {
            line.append("; after them, PostSync: ");
            List<String> parts = new ArrayList<>();
            postSync.forEach((w, names) -> parts.add(w + ": " + String.join(", ", names)));
            line.append(String.join("; ", parts));
        }
        line.append(". Not PreSync: on a first sync PreSync hooks run before any of the app's objects exist");
        notes.done(line.toString());
    }

    @Override
    public String runner() {
        return "Argo CD (--argocd): sluice's Jobs are Sync hooks and its RBAC and record regular resources, each in the sync"
                + " wave of its weight; what the migration uses comes in an earlier wave, the workloads follow in wave 0"
                + " once the migration has succeeded. Not PreSync: on a first sync PreSync hooks run before any of the"
                + " app's objects exist";
    }

    @Override
    public Order order(String event) {
        return new Order(event.equals("install") ? "Argo CD's first sync" : "Argo CD sync", List.of("pre-install", "pre-upgrade"),
                List.of("post-install", "post-upgrade"), "wave",
                "PreSync hooks (the chart's pre-install and pre-upgrade hooks): one at a time, by wave, kind, then name",
                "sync waves: each applied, and healthy, before the next", "Sync hooks: run in their wave, waited for",
                "PostSync hooks (the chart's post-install and post-upgrade hooks)", "Argo CD applies",
                "Argo CD runs it as a Sync hook once the earlier waves are healthy, and waits for it to complete before the"
                        + " next wave", "waits for the wave to be healthy before the next", "no later wave is applied", true,
                "Argo CD waits for it to complete", "Argo CD stops the sync",
                "nothing of the Sync phase is applied", "Argo CD marks the sync failed",
                "the app stays Progressing and the sync does not finish");
    }

    /** Wave by wave; a Sync hook runs in its wave, after the wave's objects are healthy, and the next wave waits for it. */
    @Override
    public <T> List<Batch<T>> batches(List<T> release, Function<T, JsonNode> annotations, Function<T, String> kind) {
        TreeMap<Long, List<T>> waves = new TreeMap<>();
        TreeMap<Long, List<T>> postSync = new TreeMap<>();
        for (T o : release) {
            JsonNode a = annotations.apply(o);
            (POST_SYNC.equals(a.path(Keys.ARGO_HOOK).asText("")) ? postSync : waves)
                    .computeIfAbsent(wave(a), w -> new ArrayList<>()).add(o);
        }
        List<Batch<T>> out = new ArrayList<>();
        waves.forEach((wave, objects) -> out.add(new Batch<>(wave, "wave " + wave,
                objects.stream().filter(o -> !SYNC.equals(annotations.apply(o).path(Keys.ARGO_HOOK).asText(""))).toList(),
                objects.stream().filter(o -> SYNC.equals(annotations.apply(o).path(Keys.ARGO_HOOK).asText(""))).toList(), false)));
        postSync.forEach((wave, hooks) -> out.add(new Batch<>(wave, "PostSync, wave " + wave, List.of(), hooks, true)));
        return out;
    }

    private static long wave(JsonNode annotations) {
        JsonNode wave = annotations.path(Keys.ARGO_WAVE);
        return wave(wave.isMissingNode() || wave.isNull() ? null : wave.asText());
    }

    private static long wave(Document d) {
        return wave(Annotations.of(d, Keys.ARGO_WAVE));
    }

    /** A sync wave as Argo CD reads it (strconv.Atoi: a 64-bit integer, else wave 0). */
    private static long wave(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The documents holding the plan's gated workloads, in stream order. */
    private static List<Document> gated(List<Document> stream, List<Workload> targets) {
        List<Document> out = new ArrayList<>();
        for (Document d : stream) {
            if (targets.stream().anyMatch(t -> t.document() == d)) {
                out.add(d);
            }
        }
        return out;
    }

    private static boolean sameObject(Document d, String kind, String name, Document job) {
        if (d.empty() || !(d.touched() || d.mentions(name)) || !d.kind().equals(kind) || !d.name().equals(name)) {
            return false;
        }
        String ns = d.metadata().path("namespace").asText("");
        String jobNs = job.metadata().path("namespace").asText("");
        return ns.isEmpty() || jobNs.isEmpty() || ns.equals(jobNs);
    }

}
