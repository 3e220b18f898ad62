package dev.sluice.starter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.KnownImages;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.PlanResolver;
import dev.sluice.plan.Workload;
import dev.sluice.stream.Document;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code sluice init} guesses from a stream: the app (the workload and container that carry the database
 * settings, the release's own before its subcharts'), its targets, and what it left out.
 *
 * @param app          the workload to migrate from
 * @param source       its container that carries the database settings, when one does
 * @param container    the container to migrate from (the source's, else the app's first)
 * @param repository   the image repository of that container
 * @param targets      the app first, then every workload that runs its image or shares its part-of
 * @param sameDatabase workloads that run another image but read database settings too
 * @param subcharts    workloads of subcharts, left out
 * @param notTheApp    containers of the release's workloads that are proxies, web servers, agents or databases
 */
record Guess(Workload app, Optional<AppContainer> source, String container, String repository, List<Workload> targets,
             List<Workload> sameDatabase, List<Workload> subcharts, List<AppContainer> notTheApp) {

    static Guess of(List<Document> docs) {
        List<Workload> all = PlanResolver.workloads(docs).stream().filter(w -> StarterPlan.KINDS.contains(w.kind()) && !w.hook()).toList();
        if (all.isEmpty()) {
            throw new PlanException("the stream has no Deployment, StatefulSet, DaemonSet, CronJob or Job (hooks do not count),"
                    + " so there is nothing to gate; give sluice init the output of helm template for the chart");
        }
        List<Workload> own = all.stream().filter(w -> !fromSubchart(w)).toList();
        List<Workload> workloads = own.isEmpty() ? all : own;
        List<Workload> subcharts = all.stream().filter(w -> !workloads.contains(w)).toList();
        Map<String, Set<String>> keysOf = keys(docs);
        List<JsonNode> services = services(docs);

        List<AppContainer> candidates = new ArrayList<>();
        List<AppContainer> notTheApp = new ArrayList<>();
        for (Workload w : workloads) {
            for (JsonNode c : w.podSpec().path("containers")) {
                AppContainer candidate = AppContainer.of(w, c, keysOf);
                (candidate.known().isPresent() ? notTheApp : candidates).add(candidate);
            }
        }
        Map<String, Integer> runners = new HashMap<>();
        workloads.forEach(w -> w.podSpec().path("containers").forEach(c ->
                runners.merge(KnownImages.repository(c.path("image").asText("")), 1, Integer::sum)));
        // Ties: the image most of the release's workloads run is the app's; then the workload a Service reaches.
        Comparator<AppContainer> best = Comparator.comparingInt(AppContainer::score).reversed()
                .thenComparing(c -> -runners.getOrDefault(c.repository(), 0))
                .thenComparing(c -> served(c.workload(), services) ? 0 : 1)
                .thenComparingInt(c -> StarterPlan.KINDS.indexOf(c.workload().kind()));
        Optional<AppContainer> chosen = candidates.stream().sorted(best).findFirst();
        Workload app = chosen.map(AppContainer::workload)
                .orElse(workloads.stream().filter(w -> w.kind().equals("Deployment")).findFirst().orElse(workloads.get(0)));
        String container = chosen.map(AppContainer::name).orElse(app.containerNames().isEmpty() ? "" : app.containerNames().get(0));
        String repository = chosen.map(AppContainer::repository)
                .orElse(KnownImages.repository(app.podSpec().path("containers").path(0).path("image").asText("")));
        String partOf = app.labels().path(Keys.APP_PART_OF).asText("");

        List<Workload> targets = new ArrayList<>(List.of(app));
        for (Workload w : workloads) {
            boolean sameImage = !repository.isEmpty() && runs(w, repository);
            boolean samePart = !partOf.isEmpty() && w.labels().path(Keys.APP_PART_OF).asText("").equals(partOf) && !onlyKnownImages(w);
            if (w != app && (sameImage || samePart)) {
                targets.add(w);
            }
        }
        Set<String> appSecrets = chosen.map(AppContainer::secrets).orElse(Set.of());
        List<Workload> sameDatabase = new ArrayList<>();
        for (AppContainer c : candidates) {
            boolean shares = !c.dbSettings().isEmpty() || c.secrets().stream().anyMatch(appSecrets::contains);
            if (shares && !targets.contains(c.workload()) && !sameDatabase.contains(c.workload())) {
                sameDatabase.add(c.workload());
            }
        }
        return new Guess(app, chosen, container, repository, targets, sameDatabase, subcharts, notTheApp);
    }

    /** A subchart's workload: Helm rendered it from {@code <chart>/charts/<subchart>/...}. */
    static boolean fromSubchart(Workload w) {
        String source = w.document().source().orElse(w.annotations().path(Keys.HELM4_FILENAME).asText(""));
        int slash = source.indexOf('/');
        return slash > 0 && source.startsWith("charts/", slash + 1);
    }

    private static boolean runs(Workload w, String repository) {
        for (JsonNode c : w.podSpec().path("containers")) {
            if (KnownImages.repository(c.path("image").asText("")).equals(repository)) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlyKnownImages(Workload w) {
        for (JsonNode c : w.podSpec().path("containers")) {
            if (KnownImages.of(c).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** A Service selects its pods: the workload people reach, a better source than a worker when both fit. */
    private static boolean served(Workload w, List<JsonNode> services) {
        JsonNode podLabels = w.podMetadata().path("labels");
        String namespace = w.object().path("metadata").path("namespace").asText("");
        for (JsonNode service : services) {
            JsonNode selector = service.path("spec").path("selector");
            if (!selector.isObject() || selector.isEmpty() || !service.path("metadata").path("namespace").asText("").equals(namespace)) {
                continue;
            }
            boolean all = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                all &= podLabels.path(e.getKey()).asText("\u0000").equals(e.getValue().asText());
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> services(List<Document> docs) {
        List<JsonNode> out = new ArrayList<>();
        for (Document d : docs) {
            if (!d.empty() && d.mentions("Service")) {
                d.tree().filter(t -> t.path("kind").asText("").equals("Service")).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The data keys (never the values) of every ConfigMap and Secret, by Kind/name. */
    private static Map<String, Set<String>> keys(List<Document> docs) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Document d : docs) {
            if (d.empty() || !(d.mentions("ConfigMap") || d.mentions("Secret"))) {
                continue;
            }
            Optional<ObjectNode> tree = d.tree();
            String kind = tree.map(t -> t.path("kind").asText("")).orElse("");
            if (!kind.equals("ConfigMap") && !kind.equals("Secret")) {
                continue;
            }
            Set<String> keys = new LinkedHashSet<>();
            for (String field : new String[]{"data", "stringData", "binaryData"}) {
                tree.get().path(field).fieldNames().forEachRemaining(keys::add);
            }
            out.put(kind + "/" + tree.get().path("metadata").path("name").asText(""), keys);
        }
        return out;
    }
}
