package dev.sluice.check;

import dev.sluice.kube.Resource;
import dev.sluice.kube.Gate;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import dev.sluice.kube.Migrates;
import dev.sluice.kube.KnownImages;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SLU011: a migration Job's pod lacks what the pods of its app need to reach the database and run the code:
 * the env and envFrom of the app container, the app's image (not a proxy or web server), the init container that
 * fills a volume it mounts, a native sidecar (a database proxy on 127.0.0.1). The migration Job is the one a
 * gated workload waits for ({@link Gate}), or a hook Job that runs a migration command in an image the stream's
 * workloads run; its app is the workloads that wait for it (or run that image).
 */
public final class MigrationPodDiffers extends Rule {
    private static final Set<String> READ_ONLY_VOLUMES = Set.of("configMap", "secret", "downwardAPI", "projected");
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "CronJob", "ReplicaSet");

    public MigrationPodDiffers() {
        super("SLU011", Severity.WARNING,
                "a migration Job's pod lacks what its app's pods have: env/envFrom, the app's image (not a proxy or web server),"
                        + " the init container that fills a volume it mounts, a native sidecar");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        List<Finding> out = new ArrayList<>();
        for (Migration m : migrations(stream)) {
            compare(m.job(), m.apps(), out);
        }
        return out;
    }

    /** A migration Job and the workloads whose pods it should resemble. */
    record Migration(Resource job, List<Resource> apps) {
    }

    /** Each migration Job, in stream order of discovery. */
    static List<Migration> migrations(Rendered stream) {
        Map<JsonNode, Migration> byJob = new IdentityHashMap<>();
        List<Migration> out = new ArrayList<>();
        for (Resource r : stream.withPods()) {
            for (Gate g : Gate.in(r.podSpec())) {
                stream.find("Job", g.job(), r.namespace()).filter(job -> job.object() != r.object()).ifPresent(job -> {
                    Migration m = byJob.computeIfAbsent(job.object(), k -> {
                        Migration made = new Migration(job, new ArrayList<>());
                        out.add(made);
                        return made;
                    });
                    if (m.apps().stream().noneMatch(a -> a.object() == r.object())) {
                        m.apps().add(r);
                    }
                });
            }
        }
        for (Resource job : stream.withPods()) {
            if (!job.kind().equals("Job") || job.hook().isEmpty() || byJob.containsKey(job.object())) {
                continue;
            }
            Set<String> images = new HashSet<>();
            for (Work w : work(job)) {
                if (Migrates.command(w.container())) {
                    images.add(w.repository());
                }
            }
            List<Resource> apps = stream.withPods().stream()
                    .filter(r -> WORKLOADS.contains(r.kind()) && r.hook().isEmpty() && r.namespace().equals(job.namespace()))
                    .filter(r -> containers(r.podSpec()).stream().anyMatch(c -> images.contains(repository(c))))
                    .toList();
            if (!apps.isEmpty()) {
                out.add(new Migration(job, new ArrayList<>(apps)));
            }
        }
        return out;
    }

    private void compare(Resource job, List<Resource> apps, List<Finding> out) {
        JsonNode pod = job.podSpec();
        String base = job.podSpecPath();
        List<Work> work = work(job);
        Set<String> jobInit = new HashSet<>();
        pod.path("initContainers").forEach(c -> jobInit.add(c.path("name").asText("")));
        Set<String> said = new HashSet<>();
        Set<String> images = new HashSet<>();
        work.forEach(w -> images.add(w.repository()));
        List<Resource> sameImage = apps.stream()
                .filter(app -> containers(app.podSpec()).stream().anyMatch(a -> images.contains(repository(a)))).toList();

        Set<String> appInit = new HashSet<>();
        apps.forEach(app -> app.podSpec().path("initContainers").forEach(c -> appInit.add(c.path("name").asText(""))));
        // The containers that migrate: by their command, else every one that is not a copy of an app's init container.
        List<Work> migrating = work.stream().filter(w -> Migrates.command(w.container())).toList();
        if (migrating.isEmpty()) {
            migrating = work.stream().filter(w -> !appInit.contains(w.name())).toList();
        }
        for (Work w : migrating) {
            KnownImages.ofImage(w.container().path("image").asText(""))
                    .filter(k -> k.role() == KnownImages.Role.PROXY || k.role() == KnownImages.Role.WEB_SERVER)
                    .ifPresent(k -> out.add(finding(job, w.path() + ".image",
                            "container " + w.name() + " runs the migration in " + w.container().path("image").asText() + ", the image of "
                                    + k.word() + " (" + k.role().words() + "): the app's code and migration tool are not in it",
                            "run it in the app's image, from the app's container" + appContainers(apps)
                                    + (job.generatedBySluice() ? ": spec.migration.from.container in the plan" : ""))));
        }

        for (Work w : migrating) {
            for (Resource app : sameImage) {
                JsonNode appPod = app.podSpec();
                for (JsonNode a : containers(appPod)) {
                    if (!repository(a).equals(w.repository()) || w.repository().isEmpty()) {
                        continue;
                    }
                    String appName = a.path("name").asText("");
                    if (!hasAny(w.container(), "env", "envFrom") && hasAny(a, "env", "envFrom") && said.add("env " + w.name())) {
                        out.add(finding(job, w.path(),
                                "container " + w.name() + " has no env and no envFrom, but container " + appName + " of " + app.ref().kindName()
                                        + ", which runs the same image, has " + a.path("env").size() + " env and " + a.path("envFrom").size()
                                        + " envFrom: the migration has none of the app's database settings",
                                job.generatedBySluice() ? "inherit from that container: spec.migration.from: {workload: " + app.name()
                                        + ", container: " + appName + "} in the plan" : "give it the env and envFrom of " + appName));
                    }
                    fillers(w, a, app, jobInit, said, out);
                }
            }
        }

        for (Resource app : sameImage.isEmpty() ? apps : sameImage) {
            Set<Integer> gates = new HashSet<>();
            Gate.in(app.podSpec()).forEach(g -> gates.add(g.index()));
            JsonNode init = app.podSpec().path("initContainers");
            for (int i = 0; i < init.size(); i++) {
                JsonNode s = init.get(i);
                String name = s.path("name").asText("");
                if (gates.contains(i) || !s.path("restartPolicy").asText("").equals("Always") || jobInit.contains(name)
                        || !said.add("sidecar " + name)) {
                    continue;
                }
                String what = KnownImages.of(s).map(k -> ", " + k.role().words()).orElse("");
                out.add(finding(job, base + ".initContainers",
                        "native sidecar " + name + " (" + s.path("image").asText("") + what + ") of the pods of " + app.ref().kindName()
                                + " is not in this Job: if it serves the database or its credentials (a proxy on 127.0.0.1, an agent),"
                                + " the migration cannot reach them",
                        "add " + name + " to this Job's initContainers, with restartPolicy: Always, before the migration"));
            }
        }
    }

    /** Init containers of the app's pods that write a volume the Job's container mounts, missing from the Job. */
    private void fillers(Work w, JsonNode appContainer, Resource app, Set<String> jobInit, Set<String> said, List<Finding> out) {
        JsonNode appPod = app.podSpec();
        Set<Integer> gates = new HashSet<>();
        Gate.in(appPod).forEach(g -> gates.add(g.index()));
        JsonNode mounts = w.container().path("volumeMounts");
        for (int index = 0; index < mounts.size(); index++) {
            JsonNode m = mounts.get(index);
            String appVolume = null;
            for (JsonNode am : appContainer.path("volumeMounts")) {
                if (am.path("mountPath").asText("").equals(m.path("mountPath").asText("-"))
                        && am.path("subPath").asText("").equals(m.path("subPath").asText(""))) {
                    appVolume = am.path("name").asText("");
                }
            }
            JsonNode volume = volume(appPod, appVolume);
            String type = volumeType(volume);
            if (appVolume == null || type.isEmpty() || READ_ONLY_VOLUMES.contains(type)) {
                continue;
            }
            JsonNode init = appPod.path("initContainers");
            for (int i = 0; i < init.size(); i++) {
                JsonNode filler = init.get(i);
                String name = filler.path("name").asText("");
                // a wait for a migration (a chart's own gate) fills nothing the migration could use: it would wait for itself
                if (gates.contains(i) || filler.path("restartPolicy").asText("").equals("Always") || jobInit.contains(name)
                        || Gate.waitsForMigration(filler).isPresent()) {
                    continue;
                }
                for (JsonNode fm : filler.path("volumeMounts")) {
                    if (fm.path("name").asText("").equals(appVolume) && !fm.path("readOnly").asBoolean(false)
                            && said.add("filler " + name)) {
                        out.add(w.finding(this, ".volumeMounts[" + index + "]", "volume " + m.path("name").asText("") + " (" + type
                                + ") that container " + w.name() + " mounts at " + m.path("mountPath").asText("")
                                + " is filled in the pods of " + app.ref().kindName() + " by init container " + name
                                + ", which this Job lacks: the migration finds it empty",
                                "run " + name + ", with the volumes it mounts, as an init container of this Job before the migration"));
                    }
                }
            }
        }
    }

    private static String appContainers(List<Resource> apps) {
        for (Resource app : apps) {
            for (JsonNode a : containers(app.podSpec())) {
                if (KnownImages.of(a).isEmpty()) {
                    return " (" + a.path("name").asText("") + " of " + app.ref().kindName() + ")";
                }
            }
        }
        return "";
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText("").equals(name)) {
                return v;
            }
        }
        return null;
    }

    /** emptyDir, persistentVolumeClaim, configMap...: the one field of a volume besides its name. */
    private static String volumeType(JsonNode volume) {
        if (volume == null) {
            return "";
        }
        for (var it = volume.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("name")) {
                return field;
            }
        }
        return "";
    }

    private static boolean hasAny(JsonNode container, String... fields) {
        for (String f : fields) {
            if (container.path(f).size() > 0) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> out = new ArrayList<>();
        pod.path("containers").forEach(out::add);
        return out;
    }

    private static String repository(JsonNode container) {
        return KnownImages.repository(container.path("image").asText(""));
    }

    /** The containers of a Job that do its work: init containers that are not native sidecars, and its containers. */
    static List<Work> work(Resource job) {
        List<Work> out = new ArrayList<>();
        JsonNode pod = job.podSpec();
        JsonNode init = pod.path("initContainers");
        for (int i = 0; i < init.size(); i++) {
            if (!init.get(i).path("restartPolicy").asText("").equals("Always")) {
                out.add(new Work(job, job.podSpecPath() + ".initContainers[" + i + "]", init.get(i)));
            }
        }
        JsonNode main = pod.path("containers");
        for (int i = 0; i < main.size(); i++) {
            out.add(new Work(job, job.podSpecPath() + ".containers[" + i + "]", main.get(i)));
        }
        return out;
    }

    /** A container of a Job, with its field path. */
    record Work(Resource job, String path, JsonNode container) {
        String name() {
            return container.path("name").asText("");
        }

        String repository() {
            return MigrationPodDiffers.repository(container);
        }

        Finding finding(Rule rule, String field, String message, String fix) {
            return rule.finding(job, path + field, message, fix);
        }
    }
}
