package dev.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.stream.Document;
import dev.sluice.it.Tools.HelmHome;
import dev.sluice.it.Tools.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static dev.sluice.it.Manifests.container;
import static dev.sluice.it.Manifests.envValue;
import static dev.sluice.it.Manifests.find;
import static dev.sluice.it.Manifests.get;
import static dev.sluice.it.Manifests.ids;
import static dev.sluice.it.Manifests.names;
import static dev.sluice.it.Manifests.podSpec;
import static dev.sluice.it.Manifests.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Door 1: sluice as Helm 3's post-renderer, with the real Helm 3:
 * {@code helm template shop charts-example --post-renderer <abs>/bin/sluice --post-renderer-args=--config=<abs>/sluice.yaml}.
 * Helm 3 only shows a post-renderer's stderr when it fails: sluice's note on success (hooks ignored) is not
 * visible through Helm 3, so it is not asserted; its error message on failure is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Helm3PostRendererIT {
    static final Pattern JOB_NAME = Pattern.compile("shop-api-migrate-[0-9a-f]{10}");
    static final List<String> TARGETS = List.of("Deployment/shop-api", "Deployment/shop-worker", "CronJob/shop-cleanup");
    static final List<String> UNTOUCHED = List.of("ServiceAccount/shop", "Secret/shop", "ConfigMap/shop-env",
            "ConfigMap/shop-files", "Service/shop-api", "HorizontalPodAutoscaler/shop-worker");

    @TempDir
    static Path tmp;
    HelmHome helm;
    Result plain;
    Result rendered;
    List<Document> plainDocs;
    List<Document> docs;

    @BeforeAll
    void render() {
        Tools.assertBuilt();
        helm = new HelmHome(Tools.helm3(), tmp.resolve("helm3"));
        plain = helm.ok("template", "shop", Tools.CHART.toString());
        rendered = helm.ok("template", "shop", Tools.CHART.toString(),
                "--post-renderer", Tools.LAUNCHER.toString(),
                "--post-renderer-args=--config=" + Tools.PLAN);
        plainDocs = Manifests.parse(plain.out());
        docs = Manifests.parse(rendered.out());
    }

    @Test
    void everyInputDocumentComesOutInOrderAndTheMigrationIsAdded() {
        List<String> in = ids(plainDocs);
        List<String> out = ids(docs);
        assertEquals(in, out.stream().filter(in::contains).toList(), "every chart document comes out once, in order");
        List<String> added = out.stream().filter(id -> !in.contains(id)).toList();
        assertEquals(in.size() + added.size(), out.size(), "no chart document is duplicated: " + out);
        assertTrue(added.contains("Role/shop-api-sluice-gate"), "added: " + added);
        assertTrue(added.contains("RoleBinding/shop-api-sluice-gate"), "added: " + added);
        assertTrue(added.contains("ConfigMap/shop-api-migrations"), "added: " + added);
        assertTrue(added.containsAll(List.of("ServiceAccount/shop-api-sluice-record", "Role/shop-api-sluice-record",
                "RoleBinding/shop-api-sluice-record")), "added: " + added);
        List<Document> jobs = docs.stream().filter(d -> d.kind().equals("Job")).toList();
        assertEquals(2, jobs.size(), "the migration Job and its record Job: " + out);
        assertTrue(JOB_NAME.matcher(jobs.get(0).name()).matches(), "content-named Job: " + jobs.get(0).name());
        assertEquals(jobs.get(0).name().replace("-migrate-", "-record-"), jobs.get(1).name(), "the record Job, named alike");
    }

    @Test
    void everyTargetWaitsForTheMigrationFirst() {
        Document job = docs.stream().filter(d -> d.kind().equals("Job")).findFirst().orElseThrow();
        for (String target : TARGETS) {
            String[] kn = target.split("/");
            JsonNode pod = podSpec(get(docs, kn[0], kn[1]));
            List<String> init = names(pod.path("initContainers"));
            assertFalse(init.isEmpty(), target + " has no initContainers");
            assertEquals("sluice-wait", init.get(0), target + ": sluice-wait must run first, init containers: " + init);
            JsonNode wait = container(pod.path("initContainers"), "sluice-wait");
            assertEquals(job.name(), envValue(wait, "SLUICE_JOB"), target + " waits for the migration Job");
            assertEquals("shop-api-migrations", envValue(wait, "SLUICE_RECORD"), target + " reads the record ConfigMap");
            // the chart's own init containers are kept after the gate
            JsonNode original = podSpec(get(plainDocs, kn[0], kn[1]));
            assertEquals(names(original.path("initContainers")), init.subList(1, init.size()), target + " keeps its own init containers");
            assertEquals(names(original.path("containers")), names(pod.path("containers")), target + " keeps its containers");
        }
    }

    @Test
    void deploymentsRollWithoutUnavailablePods() {
        for (String name : List.of("shop-api", "shop-worker")) {
            JsonNode strategy = tree(get(docs, "Deployment", name)).path("spec").path("strategy");
            assertEquals("RollingUpdate", strategy.path("type").asText(), name + " strategy: " + strategy);
            JsonNode ru = strategy.path("rollingUpdate");
            assertTrue(Manifests.zero(ru.path("maxUnavailable")), name + " maxUnavailable must be 0: " + ru);
            assertTrue(Manifests.positive(ru.path("maxSurge")), name + " maxSurge must be > 0: " + ru);
        }
        assertFalse(tree(get(docs, "Deployment", "shop-worker")).path("spec").has("replicas"),
                "the HPA-managed worker must not get spec.replicas");
    }

    @Test
    void rbacGrantsTheGateExactlyItsRecordAndJob() {
        Document job = docs.stream().filter(d -> d.kind().equals("Job")).findFirst().orElseThrow();
        JsonNode role = tree(get(docs, "Role", "shop-api-sluice-gate"));
        String rules = role.path("rules").toString();
        assertTrue(rules.contains("\"" + job.name() + "\""), "Role names the Job: " + rules);
        assertTrue(rules.contains("\"shop-api-migrations\""), "Role names the record ConfigMap: " + rules);
        for (JsonNode rule : role.path("rules")) {
            assertTrue(rule.path("resourceNames").size() > 0, "every rule is limited to named resources: " + rule);
        }
        JsonNode binding = tree(get(docs, "RoleBinding", "shop-api-sluice-gate"));
        assertEquals("shop-api-sluice-gate", binding.path("roleRef").path("name").asText());
        String subjects = binding.path("subjects").toString();
        assertTrue(subjects.contains("\"shop\""), "bound to the pods' ServiceAccount shop: " + subjects);
        assertTrue(find(docs, "ConfigMap", "shop-api-migrations").isPresent());
        // the gated pods only read: writing the record is the record Job's own ServiceAccount's alone
        for (JsonNode rule : role.path("rules")) {
            assertEquals("[\"get\"]", rule.path("verbs").toString(), "the gate only reads: " + rule);
        }
        JsonNode writer = tree(get(docs, "RoleBinding", "shop-api-sluice-record"));
        assertEquals("[{\"name\":\"shop-api-sluice-record\",\"kind\":\"ServiceAccount\"}]", writer.path("subjects").toString());
        assertTrue(tree(get(docs, "Role", "shop-api-sluice-record")).path("rules").toString().contains("\"patch\""));
        JsonNode jobPod = podSpec(job);
        assertEquals("shop", jobPod.path("serviceAccountName").asText(), "the Job runs as the app's ServiceAccount");
        assertTrue(names(jobPod.path("initContainers")).contains("migrate")
                        || names(jobPod.path("containers")).contains("migrate"),
                "the Job has a migrate container: " + jobPod);
    }

    @Test
    void untouchedDocumentsAreByteIdenticalToPlainHelmTemplate() {
        for (String id : UNTOUCHED) {
            String[] kn = id.split("/");
            assertEquals(get(plainDocs, kn[0], kn[1]).text(), get(docs, kn[0], kn[1]).text(), id + " must be byte-identical");
        }
        for (String id : TARGETS) {
            String[] kn = id.split("/");
            assertNotEquals(get(plainDocs, kn[0], kn[1]).text(), get(docs, kn[0], kn[1]).text(), id + " must be woven");
        }
    }

    @Test
    void kubectlReadsEveryDocument() {
        Manifests.assertKubectlReadsAll(docs, tmp, "helm3 post-rendered");
    }

    @Test
    void aBadPlanFailsHelmWithSluicesMessage() throws IOException {
        Path bad = Manifests.planTargeting(tmp.resolve("bad-plan.yaml"), "no-such-deployment");
        Result r = helm.helm("template", "shop", Tools.CHART.toString(),
                "--post-renderer", Tools.LAUNCHER.toString(), "--post-renderer-args=--config=" + bad);
        assertNotEquals(0, r.exit(), () -> "helm must fail:\n" + r.describe());
        assertFalse(r.out().contains("kind:"), () -> "no manifests on a failure:\n" + r.describe());
        String said = r.err().replaceAll("\\s+", " ");
        assertTrue(said.contains("sluice: error: plan shop: spec.targets[0] (name: no-such-deployment, kind: Deployment)"
                + " matches no workload in the stream; Deployments here: shop-api, shop-worker"), () -> r.describe());
        assertFalse(said.contains("Exception") || said.contains("\tat "), () -> "no stack trace:\n" + r.describe());
    }

    @Test
    void aMissingPlanFileFailsHelmWithSluicesMessage() {
        Path missing = tmp.resolve("nowhere/sluice.yaml");
        Result r = helm.helm("template", "shop", Tools.CHART.toString(),
                "--post-renderer", Tools.LAUNCHER.toString(), "--post-renderer-args=--config=" + missing);
        assertNotEquals(0, r.exit(), () -> "helm must fail:\n" + r.describe());
        assertTrue(r.err().contains("sluice: error: plan file " + missing + " does not exist"), () -> r.describe());
    }
}
