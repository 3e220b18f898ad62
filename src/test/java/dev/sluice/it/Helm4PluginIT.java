package dev.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.it.Manifests.Release;
import dev.sluice.it.Tools.HelmHome;
import dev.sluice.it.Tools.Result;
import dev.sluice.stream.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.sluice.it.Manifests.get;
import static dev.sluice.it.Manifests.hookEvents;
import static dev.sluice.it.Manifests.hookWeight;
import static dev.sluice.it.Manifests.id;
import static dev.sluice.it.Manifests.ids;
import static dev.sluice.it.Manifests.names;
import static dev.sluice.it.Manifests.podSpec;
import static dev.sluice.it.Manifests.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Door 2: sluice as a Helm 4 post-renderer plugin, with the real Helm 4 and isolated Helm homes:
 * {@code helm plugin install <abs>/target/sluice}, then
 * {@code helm install shop charts-example --dry-run=client --post-renderer sluice --post-renderer-args=--config=<abs>/sluice.yaml}.
 * Under Helm 4 the injected RBAC and Job are real hooks, so they must show up under HOOKS, in weight order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Helm4PluginIT {
    static final List<String> GATED = List.of("Deployment/shop-api", "Deployment/shop-worker", "CronJob/shop-cleanup");
    static final List<String> FIRST_INSTALL_COPIES = List.of("ServiceAccount/shop", "Secret/shop", "ConfigMap/shop-env", "ConfigMap/shop-files");
    static final List<String> UNTOUCHED = List.of("ServiceAccount/shop", "Secret/shop", "ConfigMap/shop-env",
            "ConfigMap/shop-files", "Service/shop-api", "HorizontalPodAutoscaler/shop-worker");

    @TempDir
    static Path tmp;
    HelmHome helm;
    Result install;
    List<Document> hooks;
    List<Document> manifest;
    List<Document> plain;

    @BeforeAll
    void installPluginAndRender() {
        Tools.assertBuilt();
        helm = new HelmHome(Tools.helm4(), tmp.resolve("helm4"));
        Result installed = helm.ok("plugin", "install", Tools.HOME.toString());
        assertTrue(installed.out().contains("Installed plugin: sluice"), installed::describe);
        assertTrue(Files.isSymbolicLink(tmp.resolve("helm4/data/plugins/sluice")), "a directory install links the build output");
        Result list = helm.ok("plugin", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("sluice") && l.contains("postrenderer/v1")), list::describe);
        install = dryRunInstall(helm);
        Release release = Release.of(install.out());
        hooks = Manifests.parse(release.hooks());
        manifest = Manifests.parse(release.manifest());
        plain = Manifests.parse(helm.ok("template", "shop", Tools.CHART.toString()).out());
    }

    @AfterAll
    void unlinkPlugin() throws IOException {
        // `helm plugin install <dir>` links the build output; remove the link only, never what it points to
        Path link = tmp.resolve("helm4/data/plugins/sluice");
        if (Files.isSymbolicLink(link)) {
            Files.delete(link);
        }
    }

    static Result dryRunInstall(HelmHome home) {
        return home.ok("install", "shop", Tools.CHART.toString(), "--dry-run=client",
                "--post-renderer", "sluice", "--post-renderer-args=--config=" + Tools.PLAN);
    }

    static Document migrationJob(List<Document> docs) {
        List<Document> jobs = docs.stream().filter(d -> d.kind().equals("Job") && !d.name().equals("shop-api-record")).toList();
        assertEquals(1, jobs.size(), "one migration Job among " + ids(docs));
        Document record = docs.stream().filter(d -> d.kind().equals("Job") && d.name().equals("shop-api-record")).findFirst()
                .orElseThrow(() -> new AssertionError("no record Job among " + ids(docs)));
        assertEquals("pre-upgrade,post-install", Manifests.annotation(record, "helm.sh/hook"), "the record Job's hooks");
        // where hooks run, one name per plan: Helm's before-hook-creation removes the previous Job first
        assertEquals("shop-api-migrate", jobs.get(0).name(), "stable hook Job name");
        return jobs.get(0);
    }

    static String weights(List<Document> docs) {
        StringBuilder out = new StringBuilder();
        docs.forEach(d -> out.append("\n  ").append(hookWeight(d)).append(' ').append(id(d)).append(' ').append(hookEvents(d)));
        return out.toString();
    }

    @Test
    void theMigrationAndItsRbacAreHooksInWeightOrder() {
        String all = weights(hooks);
        Document job = migrationJob(hooks);
        Document role = get(hooks, "Role", "shop-api-sluice-gate");
        Document binding = get(hooks, "RoleBinding", "shop-api-sluice-gate");
        for (Document d : List.of(role, binding, job)) {
            assertNotNull(hookWeight(d), id(d) + " has a hook weight:" + all);
            assertEquals(List.of("pre-install", "pre-upgrade"), hookEvents(d).stream().sorted().toList(), id(d) + ":" + all);
        }
        assertTrue(hookWeight(role) < hookWeight(binding), "Role before RoleBinding:" + all);
        assertTrue(hookWeight(binding) < hookWeight(job), "RBAC before the Job that needs it:" + all);
        for (String copy : FIRST_INSTALL_COPIES) {
            String[] kn = copy.split("/");
            Document d = get(hooks, kn[0], kn[1]);
            assertEquals(List.of("pre-install"), hookEvents(d), copy + " is a pre-install copy only:" + all);
            assertTrue(hookWeight(d) >= -100 && hookWeight(d) < hookWeight(role), copy + " comes before the RBAC:" + all);
        }
        // Helm breaks weight ties by name, not kind: every hook of an event gets its own weight
        for (String event : List.of("pre-install", "pre-upgrade")) {
            List<Long> w = hooks.stream().filter(d -> hookEvents(d).contains(event)).map(Manifests::hookWeight).toList();
            assertEquals(w.size(), w.stream().distinct().count(), "distinct " + event + " weights:" + all);
        }
        // the record Job's identity, weighted before the record Job, which runs after the migration (and post-install)
        Document recordJob = get(hooks, "Job", "shop-api-record");
        for (String kind : List.of("ServiceAccount", "Role", "RoleBinding")) {
            Document d = get(hooks, kind, "shop-api-sluice-record");
            assertEquals(List.of("pre-install", "pre-upgrade"), hookEvents(d).stream().sorted().toList(), id(d) + ":" + all);
            assertTrue(hookWeight(binding) < hookWeight(d) && hookWeight(d) < hookWeight(job), id(d) + ":" + all);
        }
        assertEquals(hookWeight(job) + 1, hookWeight(recordJob), "the record Job right after the migration:" + all);
        assertEquals(FIRST_INSTALL_COPIES.size() + 7, hooks.size(), "nothing else is a hook:" + all);
    }

    @Test
    void theGatedWorkloadsAndTheRecordAreReleaseResources() {
        Document job = migrationJob(hooks);
        for (String id : GATED) {
            String[] kn = id.split("/");
            JsonNode pod = podSpec(get(manifest, kn[0], kn[1]));
            List<String> init = names(pod.path("initContainers"));
            assertFalse(init.isEmpty(), id + " has no initContainers");
            assertEquals("sluice-wait", init.get(0), id + ": sluice-wait must run first: " + init);
            JsonNode wait = Manifests.container(pod.path("initContainers"), "sluice-wait");
            assertEquals(job.name(), Manifests.envValue(wait, "SLUICE_JOB"), id + " waits for the hook Job");
        }
        for (String name : List.of("shop-api", "shop-worker")) {
            JsonNode ru = tree(get(manifest, "Deployment", name)).path("spec").path("strategy").path("rollingUpdate");
            assertTrue(Manifests.zero(ru.path("maxUnavailable")) && Manifests.positive(ru.path("maxSurge")), name + ": " + ru);
        }
        Document record = get(manifest, "ConfigMap", "shop-api-migrations");
        assertEquals(null, Manifests.annotation(record, "helm.sh/hook"), "the record outlives hooks: it is a release resource");
        for (Document d : manifest) {
            assertEquals(null, Manifests.annotation(d, "helm.sh/hook"), id(d) + " in MANIFEST must not be a hook");
            assertFalse(List.of("Job", "Role", "RoleBinding").contains(d.kind()), id(d) + " belongs under HOOKS");
        }
        for (Document d : hooks) {
            assertFalse(List.of("Deployment", "CronJob").contains(d.kind()), id(d) + " must not be a hook");
        }
    }

    @Test
    void untouchedDocumentsMeanTheSameAsPlainHelmTemplate() {
        // Helm 4 re-serialises post-rendered output (sequence indentation changes), so compare trees
        for (String id : UNTOUCHED) {
            String[] kn = id.split("/");
            assertEquals(tree(get(plain, kn[0], kn[1])), tree(get(manifest, kn[0], kn[1])), id + " must be unchanged");
        }
        for (String copy : FIRST_INSTALL_COPIES) {
            String[] kn = copy.split("/");
            ObjectNode original = tree(get(plain, kn[0], kn[1])).deepCopy();
            ObjectNode hook = tree(get(hooks, kn[0], kn[1])).deepCopy();
            ((ObjectNode) original.path("metadata")).remove("annotations");
            ((ObjectNode) hook.path("metadata")).remove("annotations");
            assertEquals(original, hook, copy + ": the pre-install copy has the chart's content");
        }
        List<String> chart = ids(plain);
        List<String> released = ids(manifest).stream().filter(chart::contains).toList();
        assertEquals(chart, released, "every chart document is released, in order");
    }

    @Test
    void helmTemplateThroughThePluginGivesTheSameObjects() {
        Result r = helm.ok("template", "shop", Tools.CHART.toString(),
                "--post-renderer", "sluice", "--post-renderer-args=--config=" + Tools.PLAN);
        List<Document> docs = Manifests.parse(r.out());
        List<String> expected = new ArrayList<>(ids(hooks));
        expected.addAll(ids(manifest));
        assertEquals(expected.stream().sorted().toList(), ids(docs).stream().sorted().toList());
        Document job = migrationJob(docs);
        assertEquals(hookWeight(migrationJob(hooks)), hookWeight(job));
        assertEquals("sluice-wait", names(podSpec(get(docs, "Deployment", "shop-api")).path("initContainers")).get(0));
        Manifests.assertKubectlReadsAll(docs, tmp, "helm4 template");
    }

    @Test
    void kubectlReadsEveryDocument() {
        Manifests.assertKubectlReadsAll(Stream.concat(hooks.stream(), manifest.stream()).toList(), tmp, "helm4 install dry-run");
    }

    @Test
    void thePackagedPluginInstallsAndWorks() {
        Path dist = tmp.resolve("dist");
        Result packaged = helm.ok("plugin", "package", Tools.HOME.toString(), "--sign=false", "-d", dist.toString());
        Path tgz = dist.resolve("sluice-" + pluginVersion() + ".tgz");
        assertTrue(Files.isRegularFile(tgz), "no " + tgz + ":\n" + packaged.describe());

        HelmHome fresh = new HelmHome(Tools.helm4(), tmp.resolve("helm4-packaged"));
        Result installed = fresh.ok("plugin", "install", tgz.toString(), "--verify=false");
        assertTrue(installed.out().contains("Installed plugin: sluice"), installed::describe);
        Path dir = tmp.resolve("helm4-packaged/data/plugins/sluice");
        assertFalse(Files.isSymbolicLink(dir), "a tarball install is a copy, not a link");
        assertTrue(Files.isExecutable(dir.resolve("bin/sluice")), "the launcher keeps its mode in the tarball");

        Release release = Release.of(dryRunInstall(fresh).out());
        List<Document> h = Manifests.parse(release.hooks());
        List<Document> m = Manifests.parse(release.manifest());
        assertEquals(migrationJob(hooks).name(), migrationJob(h).name());
        assertEquals(weights(hooks), weights(h));
        assertEquals(ids(manifest), ids(m));
        assertEquals("sluice-wait", names(podSpec(get(m, "Deployment", "shop-api")).path("initContainers")).get(0));
    }

    @Test
    void aBadPlanFailsHelmTemplateWithSluicesMessage() throws IOException {
        Path bad = Manifests.planTargeting(tmp.resolve("bad-plan.yaml"), "no-such-deployment");
        Result r = helm.helm("template", "shop", Tools.CHART.toString(),
                "--post-renderer", "sluice", "--post-renderer-args=--config=" + bad);
        assertNotEquals(0, r.exit(), () -> "helm must fail:\n" + r.describe());
        assertFalse(r.out().contains("kind:"), () -> "no manifests on a failure:\n" + r.describe());
        // Helm 4 drops the plugin's stderr; sluice's message arrives as the YAML scalar Helm refuses
        String said = r.both().replaceAll("\\s+", " ");
        assertTrue(said.contains("sluice: error: plan shop: spec.targets[0] (name: no-such-deployment, kind: Deployment)"
                + " matches no workload in the stream; Deployments here: shop-api, shop-worker"), r::describe);
        assertFalse(said.contains("Exception") || said.contains("\tat "), r::describe);
    }

    @Test
    void anUnknownOptionFailsHelmInstallWithSluicesMessage() {
        Result r = helm.helm("install", "shop", Tools.CHART.toString(), "--dry-run=client",
                "--post-renderer", "sluice", "--post-renderer-args=--no-such-option");
        assertNotEquals(0, r.exit(), () -> "helm must fail:\n" + r.describe());
        String said = r.both().replaceAll("\\s+", " ");
        assertTrue(said.contains("sluice: error:") && said.contains("--no-such-option"), r::describe);
    }

    private static String pluginVersion() {
        try {
            Map<String, String> fields = new HashMap<>();
            for (String line : Files.readAllLines(Tools.HOME.resolve("plugin.yaml"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith(" ") && !line.startsWith("#")) {
                    fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            return fields.get("version");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
