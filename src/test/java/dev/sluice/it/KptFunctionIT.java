package dev.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.it.Tools.HelmHome;
import dev.sluice.it.Tools.Result;
import dev.sluice.stream.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.sluice.it.Manifests.get;
import static dev.sluice.it.Manifests.ids;
import static dev.sluice.it.Manifests.names;
import static dev.sluice.it.Manifests.podSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Door 5: sluice as a KRM function, with the real kpt (1.x): {@code kpt fn eval --exec} on stdin and in
 * place on a package (the chart rendered with {@code helm template --output-dir}, plus a Kptfile), and
 * {@code kpt fn render} of a Kptfile pipeline with an {@code exec:} function (which kpt runs only with
 * {@code --allow-exec}). kpt hands the function a ResourceList whose items carry the file they came from
 * ({@code internal.config.kubernetes.io/path}, {@code index}) and writes the answer back by those
 * annotations: changed resources to their files, sluice's objects to {@code sluice/<plan>.yaml}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KptFunctionIT {
    static final List<String> CHANGED = List.of("templates/deployment-api.yaml", "templates/deployment-worker.yaml",
            "templates/cronjob-cleanup.yaml");

    @TempDir
    static Path tmp;
    Path kpt;
    Path chartFiles;
    String rendered;

    @BeforeAll
    void renderChart() {
        Tools.assertBuilt();
        kpt = Tools.kpt();
        HelmHome helm = new HelmHome(Tools.helm4(), tmp.resolve("helm"));
        helm.ok("template", "shop", Tools.CHART.toString(), "--output-dir", tmp.resolve("rendered").toString());
        chartFiles = tmp.resolve("rendered/shop");
        rendered = helm.ok("template", "shop", Tools.CHART.toString()).out();
    }

    /**
     * A kpt package: the rendered chart's files and a Kptfile ({@code pipeline} lines appended when given);
     * with a pipeline, the plan too, as sluice.yaml.
     */
    Path newPackage(String name, String... pipeline) throws IOException {
        Path pkg = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(chartFiles)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = pkg.resolve(chartFiles.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        Files.writeString(pkg.resolve("Kptfile"), "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: shop\n");
        if (pipeline.length > 0) {
            Files.copy(Tools.PLAN, pkg.resolve("sluice.yaml"));
        }
        // kpt writes every file in its own form (it drops Helm's leading "---"): let it do so once, with a
        // function that changes nothing, so that what differs afterwards is sluice's doing
        Path noop = tmp.resolve("noop");
        if (!Files.exists(noop)) {
            Files.writeString(noop, "#!/bin/sh\nexec cat\n");
            Files.setPosixFilePermissions(noop, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        kptOk(null, "fn", "eval", pkg.toString(), "--exec", noop.toString());
        if (pipeline.length > 0) {
            Files.writeString(pkg.resolve("Kptfile"), String.join("\n", pipeline) + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
        return pkg;
    }

    static Map<String, String> files(Path pkg) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(pkg)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(pkg.relativize(f).toString(), Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    Result kpt(Path stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(kpt.toString());
        cmd.addAll(List.of(args));
        return Tools.run(cmd, Map.of("HOME", tmp.resolve("home").toString()), stdin);
    }

    Result kptOk(Path stdin, String... args) {
        Result r = kpt(stdin, args);
        assertEquals(0, r.exit(), r::describe);
        return r;
    }

    /** Only the gated workloads' files changed, byte for byte the others stayed; sluice's objects went to their file. */
    static void assertWovenInPlace(Map<String, String> before, Map<String, String> after, String describe) {
        TreeSet<String> changed = new TreeSet<>();
        for (Map.Entry<String, String> e : before.entrySet()) {
            assertTrue(after.containsKey(e.getKey()), e.getKey() + " was deleted\n" + describe);
            if (!e.getValue().equals(after.get(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        assertEquals(new TreeSet<>(CHANGED), changed, "files kpt rewrote (the rest must keep their bytes)\n" + describe);
        TreeSet<String> added = new TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        assertEquals(new TreeSet<>(List.of("sluice/shop.yaml")), added, "sluice's objects go to sluice/<plan>.yaml\n" + describe);
        List<Document> generated = Manifests.parse(after.get("sluice/shop.yaml"));
        assertEquals(List.of("Role/shop-api-sluice-gate", "RoleBinding/shop-api-sluice-gate", "ServiceAccount/shop-api-sluice-record",
                "Role/shop-api-sluice-record", "RoleBinding/shop-api-sluice-record", "ConfigMap/shop-api-migrations"),
                ids(generated).subList(0, 6), describe);
        Document job = generated.get(6);
        assertEquals("Job", job.kind());
        assertEquals(job.name().replace("-migrate-", "-record-"), generated.get(7).name(), "the record Job, named alike");
        for (String file : CHANGED) {
            Document workload = Manifests.parse(after.get(file)).get(0);
            JsonNode init = podSpec(workload).path("initContainers");
            assertEquals("sluice-wait", names(init).get(0), file);
            assertEquals(job.name(), Manifests.envValue(Manifests.container(init, "sluice-wait"), "SLUICE_JOB"), file);
        }
    }

    /** The package's resources as one stream (kpt writes files without a leading "---"). */
    static List<Document> all(Map<String, String> files) {
        List<String> texts = new ArrayList<>();
        files.forEach((name, text) -> {
            if (!name.equals("Kptfile") && !name.equals("sluice.yaml") && name.endsWith(".yaml")) {
                texts.add(text);
            }
        });
        return Manifests.parse("---\n" + String.join("---\n", texts));
    }

    @Test
    void evalInPlaceRewritesTheWorkloadsFilesAndWritesSluicesObjectsToTheirOwnFile() throws IOException {
        Path pkg = newPackage("eval");
        Map<String, String> before = files(pkg);
        Result r = kptOk(null, "fn", "eval", pkg.toString(), "--exec", Tools.LAUNCHER.toString(), "--fn-config", Tools.PLAN.toString(),
                "--truncate-output=false");
        assertTrue(r.both().contains("[PASS]"), r::describe);
        assertTrue(r.both().contains("[info] apps/v1/Deployment/shop-api spec.template.spec.initContainers[0]: plan shop: pods start"
                + " only once migration Job"), "sluice's results, printed by kpt:\n" + r.describe());
        Map<String, String> after = files(pkg);
        assertWovenInPlace(before, after, r.describe());
        Manifests.assertKubectlReadsAll(all(after), tmp, "kpt eval package");

        kptOk(null, "fn", "eval", pkg.toString(), "--exec", Tools.LAUNCHER.toString(), "--fn-config", Tools.PLAN.toString());
        assertEquals(after, files(pkg), "a second eval changes nothing");

        // a changed migration: a new Job replaces the old one in sluice/shop.yaml
        Path changedPlan = tmp.resolve("changed-plan.yaml");
        Files.writeString(changedPlan, Files.readString(Tools.PLAN).replace("--allow-no-migration", "--all-or-nothing"));
        kptOk(null, "fn", "eval", pkg.toString(), "--exec", Tools.LAUNCHER.toString(), "--fn-config", changedPlan.toString());
        List<Document> generated = Manifests.parse(files(pkg).get("sluice/shop.yaml"));
        List<Document> jobs = generated.stream().filter(d -> d.kind().equals("Job")).toList();
        assertEquals(2, jobs.size(), "the migration Job and its record Job: " + ids(generated));
        assertNotEquals(Manifests.parse(after.get("sluice/shop.yaml")).get(6).name(), jobs.get(0).name(), "a new Job for a new migration");
    }

    @Test
    void evalOnStdinTakesPlainYamlOrAResourceList() throws IOException {
        Path plain = tmp.resolve("plain.yaml");
        Files.writeString(plain, rendered);
        // -- key=value arguments: kpt passes them as a ConfigMap, sluice reads them as its quick flags
        Result unwrapped = kptOk(plain, "fn", "eval", "-", "--exec", Tools.LAUNCHER.toString(), "-o", "unwrap", "--",
                "target=shop-api", "command=bin/console doctrine:migrations:migrate -n", "kapp=true");
        List<Document> docs = Manifests.parse(unwrapped.out());
        JsonNode init = podSpec(get(docs, "Deployment", "shop-api")).path("initContainers");
        assertEquals("sluice-wait", names(init).get(0));
        Document job = docs.stream().filter(d -> d.kind().equals("Job")).findFirst().orElseThrow();
        JsonNode migrate = Manifests.container(podSpec(job).path("initContainers"), "migrate");
        assertEquals("[\"bin/console\",\"doctrine:migrations:migrate\",\"-n\"]", migrate.path("command").toString());
        assertEquals("upsert after upserting sluice.dev/shop-api-migration", Manifests.annotation(get(docs, "Deployment", "shop-api"),
                "kapp.k14s.io/change-rule.sluice-migration"), "kapp=true");

        // a ResourceList from kpt fn source, with paths: sluice's objects get theirs; results go to --results-dir
        Path pkg = newPackage("source");
        Path list = tmp.resolve("source.yaml");
        Files.writeString(list, kptOk(null, "fn", "source", pkg.toString()).out());
        Path results = tmp.resolve("results");
        Result wrapped = kptOk(list, "fn", "eval", "-", "--exec", Tools.LAUNCHER.toString(), "--fn-config", Tools.PLAN.toString(),
                "--results-dir", results.toString());
        JsonNode out = Manifests.tree(Manifests.parse(wrapped.out()).get(0));
        assertEquals("ResourceList", out.path("kind").asText(), wrapped::describe);
        int sluiceFile = 0;
        for (JsonNode item : out.path("items")) {
            JsonNode a = item.path("metadata").path("annotations");
            if (a.has("sluice.dev/generated")) {
                assertEquals("sluice/shop.yaml", a.path("internal.config.kubernetes.io/path").asText(), item.toString());
                assertEquals(Integer.toString(sluiceFile++), a.path("internal.config.kubernetes.io/index").asText());
            } else {
                assertTrue(a.has("internal.config.kubernetes.io/path"), "kpt's path kept: " + item.path("metadata"));
            }
        }
        assertEquals(8, sluiceFile, "Role, RoleBinding (gate); ServiceAccount, Role, RoleBinding (record Job); record, Job, record Job");
        String saved = Files.readString(results.resolve("results.yaml"));
        JsonNode savedResults = Manifests.tree(Manifests.parse(saved).get(0));
        assertTrue(savedResults.toString().contains("\"field\":{\"path\":\"spec.template.spec.initContainers[0]\"}"), saved);
        assertTrue(savedResults.toString().contains("\"resourceRef\":{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\""), saved);
    }

    @Test
    void renderRunsAKptfilePipelineWithSluiceAsAnExecFunction() throws IOException {
        Path pkg = newPackage("render", "pipeline:", "  mutators:", "    - exec: " + Tools.LAUNCHER, "      configPath: sluice.yaml");
        Map<String, String> before = files(pkg);

        Result refused = kpt(null, "fn", "render", pkg.toString());
        assertNotEquals(0, refused.exit(), refused::describe);
        assertTrue(refused.both().contains("--allow-exec"), "kpt runs exec functions only with --allow-exec:\n" + refused.describe());
        assertEquals(before, files(pkg), "nothing written when kpt refuses");

        Result r = kptOk(null, "fn", "render", pkg.toString(), "--allow-exec");
        Map<String, String> after = files(pkg);
        assertWovenInPlace(before, after, r.describe());
        assertEquals(before.get("sluice.yaml"), after.get("sluice.yaml"), "the plan (an item too) keeps its comments and form");
        kptOk(null, "fn", "render", pkg.toString(), "--allow-exec");
        assertEquals(after, files(pkg), "rendering again changes nothing");
    }

    @Test
    void aFailingPlanFailsKptWithSluicesErrorResultAndLeavesTheFilesAlone() throws IOException {
        Path pkg = newPackage("failing");
        Map<String, String> before = files(pkg);
        Path bad = Manifests.planTargeting(tmp.resolve("bad-plan.yaml"), "shop-apii");
        Result r = kpt(null, "fn", "eval", pkg.toString(), "--exec", Tools.LAUNCHER.toString(), "--fn-config", bad.toString(),
                "--truncate-output=false");
        assertNotEquals(0, r.exit(), r::describe);
        String said = r.both().replaceAll("\\s+", " ");
        assertTrue(said.contains("[error]: plan shop: spec.targets[0] (name: shop-apii, kind: Deployment) matches no workload"),
                "kpt prints sluice's error result:\n" + r.describe());
        assertTrue(said.contains("did you mean 'shop-api'?"), r::describe);
        assertEquals(before, files(pkg), "kpt writes nothing when the function fails");
    }
}
