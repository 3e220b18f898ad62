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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.sluice.it.Manifests.container;
import static dev.sluice.it.Manifests.envValue;
import static dev.sluice.it.Manifests.get;
import static dev.sluice.it.Manifests.names;
import static dev.sluice.it.Manifests.podSpec;
import static dev.sluice.it.Manifests.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strategy scale-down through Helm 3's post-renderer, where no hook runs (the real Helm 3, charts-example with the plan
 * of golden case scale-down-without-hooks: the API Deployment, the HPA-managed worker and the CronJob): the Deployments
 * roll with Recreate and keep their replica counts, every target's pod template carries this revision's migration
 * hash, a content-named quiesce Job waits for the pods without it, and the migration waits for that Job. Strategy
 * delete and a StatefulSet target fail Helm with sluice's reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Helm3ScaleDownIT {
    static final Path PLAN = Tools.PROJECT.resolve("testdata/scale-down-without-hooks/plan.yaml");
    static final Pattern MIGRATE = Pattern.compile("shop-api-migrate-([0-9a-f]{10})");

    @TempDir
    static Path tmp;
    HelmHome helm;
    List<Document> plainDocs;
    List<Document> docs;
    String hash;

    @BeforeAll
    void render() {
        Tools.assertBuilt();
        helm = new HelmHome(Tools.helm3(), tmp.resolve("helm3"));
        plainDocs = Manifests.parse(helm.ok("template", "shop", Tools.CHART.toString()).out());
        Result r = helm.ok("template", "shop", Tools.CHART.toString(), "--post-renderer", Tools.LAUNCHER.toString(),
                "--post-renderer-args=--config=" + PLAN);
        docs = Manifests.parse(r.out());
        List<String> jobs = docs.stream().filter(d -> d.kind().equals("Job")).map(Document::name).toList();
        Matcher m = jobs.stream().map(MIGRATE::matcher).filter(Matcher::matches).findFirst().orElseThrow(() ->
                new AssertionError("no content-named migration Job: " + jobs));
        hash = m.group(1);
    }

    @Test
    void theJobsAreReleaseObjects_quiesceMigrateRecord_allNamedAfterTheHash() {
        List<String> jobs = docs.stream().filter(d -> d.kind().equals("Job")).map(Document::name).toList();
        assertEquals(List.of("shop-api-quiesce-" + hash, "shop-api-migrate-" + hash, "shop-api-record-" + hash), jobs);
        for (Document d : docs) {
            assertFalse(tree(d).path("metadata").path("annotations").has("helm.sh/hook"), d.kind() + "/" + d.name()
                    + ": no hooks under Helm 3's post-renderer");
        }
        assertTrue(docs.stream().noneMatch(d -> d.name().endsWith("-restore")), "nothing to restore: no replica count changes");
    }

    @Test
    void deploymentsRollWithRecreate_keepTheirReplicaCounts_andTheHpaWorkerHasNone() {
        for (String name : List.of("shop-api", "shop-worker")) {
            JsonNode spec = tree(get(docs, "Deployment", name)).path("spec");
            assertEquals("Recreate", spec.path("strategy").path("type").asText(), name + ": " + spec.path("strategy"));
            assertFalse(spec.path("strategy").has("rollingUpdate"), name + ": Recreate takes no rollingUpdate");
            JsonNode before = tree(get(plainDocs, "Deployment", name)).path("spec").path("replicas");
            assertEquals(before, spec.path("replicas"), name + ": replicas exactly as the chart has them");
        }
        assertTrue(tree(get(docs, "Deployment", "shop-worker")).path("spec").path("replicas").isMissingNode(),
                "the HPA-managed worker keeps no spec.replicas: its HPA keeps the count");
    }

    @Test
    void everyTargetsPodsCarryTheHash_andWaitAtTheGate() {
        for (String[] kn : List.of(new String[] {"Deployment", "shop-api"}, new String[] {"Deployment", "shop-worker"},
                new String[] {"CronJob", "shop-cleanup"})) {
            JsonNode object = tree(get(docs, kn[0], kn[1]));
            JsonNode template = kn[0].equals("CronJob") ? object.path("spec").path("jobTemplate").path("spec").path("template")
                    : object.path("spec").path("template");
            assertEquals(hash, template.path("metadata").path("labels").path("sluice.dev/migration").asText(), kn[1]);
            assertEquals("sluice-wait", template.path("spec").path("initContainers").path(0).path("name").asText(), kn[1]);
        }
        assertFalse(tree(get(docs, "CronJob", "shop-cleanup")).path("spec").path("suspend").asBoolean(false),
                "the CronJob is not suspended: its new runs wait at the gate");
    }

    @Test
    void theMigrationWaitsForTheQuiesceJob_whichWaitsForPodsWithoutTheHash() {
        JsonNode quiesce = podSpec(get(docs, "Job", "shop-api-quiesce-" + hash));
        JsonNode wait = container(quiesce.path("containers"), "quiesce");
        assertEquals(hash, envValue(wait, "SLUICE_MIGRATION"));
        String targets = envValue(wait, "SLUICE_TARGETS");
        assertEquals(List.of("deployment shop-api", "deployment shop-worker", "cronjob shop-cleanup"),
                targets.lines().map(l -> String.join(" ", List.of(l.split(" ")).subList(0, 2))).toList(), targets);
        assertTrue(wait.path("command").toString().contains("sluice.dev/migration!=$key"), "old = without this revision's label");
        JsonNode migration = podSpec(get(docs, "Job", "shop-api-migrate-" + hash));
        List<String> init = names(migration.path("initContainers"));
        assertEquals(List.of("sluice-once", "sluice-old-pods"), init.subList(0, 2), "before anything else: " + init);
        assertEquals("migrate", init.get(init.size() - 1), init.toString());
        assertEquals("shop-api-quiesce-" + hash, envValue(container(migration.path("initContainers"), "sluice-old-pods"), "SLUICE_JOB"));
    }

    @Test
    void rbac_theQuiesceJobOnlyReads_theGateReadsTheQuiesceJobByName() {
        JsonNode quiesce = tree(get(docs, "Role", "shop-api-sluice-quiesce")).path("rules");
        List<String> verbs = new ArrayList<>();
        quiesce.forEach(r -> r.path("verbs").forEach(v -> verbs.add(v.asText())));
        assertTrue(verbs.stream().allMatch(v -> v.equals("get") || v.equals("list")), "reads only: " + quiesce);
        JsonNode gate = tree(get(docs, "Role", "shop-api-sluice-gate")).path("rules");
        assertTrue(gate.toString().contains("\"shop-api-quiesce-" + hash + "\""), gate.toString());
    }

    @Test
    void kubectlReadsEveryDocument() {
        Manifests.assertKubectlReadsAll(docs, tmp, "helm3 scale-down post-rendered");
    }

    @Test
    void strategyDelete_failsHelmWithTheReason() throws IOException {
        Path plan = tmp.resolve("delete.yaml");
        Files.writeString(plan, Files.readString(PLAN).replace("strategy: scale-down", "strategy: delete"));
        Result r = helm.helm("template", "shop", Tools.CHART.toString(), "--post-renderer", Tools.LAUNCHER.toString(),
                "--post-renderer-args=--config=" + plan);
        assertNotEquals(0, r.exit(), () -> "helm must fail:\n" + r.describe());
        assertFalse(r.out().contains("kind:"), () -> r.describe());
        String said = r.err().replaceAll("\\s+", " ");
        assertTrue(said.contains("sluice: error: plan shop: strategy delete cannot be done where hooks are not run"), r::describe);
        assertTrue(said.contains("it would delete the new objects and nothing would create them again. Use strategy"
                + " scale-down"), r::describe);
    }
}
