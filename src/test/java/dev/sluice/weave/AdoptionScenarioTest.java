package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.plan.PlanLoader;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sluice.weave.GateScenarioTest.COMPLETE;
import static dev.sluice.weave.GateScenarioTest.RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan that adopts the chart's migration hook Job ({@code spec.migration.adopt}): the weave's own output (the gate's
 * and record Job's environment, the label it puts on the chart's Job) drives the real gate and record scripts against the
 * stub kubectl of {@link GateScenarioTest}. The chart's Job keeps one name across releases, so the gate must tell this
 * revision's run from the previous release's completed one: by the hash of the Job's spec, which sluice labels it with.
 */
class AdoptionScenarioTest {
    static final String PLAN = """
            apiVersion: sluice.dev/v1alpha1
            kind: MigrationPlan
            metadata: {name: shop}
            spec:
              targets: [{name: shop-api}]
              migration:
                adopt: {job: shop-migrate}
            """;

    /** A Helm 4 stream: the app, and the chart's own migration hook Job of release {@code version}. */
    static String stream(String version, String chartLabel) {
        return """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: shop-api
                  annotations: {postrenderer.helm.sh/postrender-filename: shop/templates/deployment.yaml}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: shop-api}}
                  template:
                    metadata: {labels: {app: shop-api}}
                    spec:
                      containers:
                        - name: api
                          image: ghcr.io/example/shop-api:%1$s
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: shop-migrate
                  labels: {helm.sh/chart: %2$s}
                  annotations:
                    postrenderer.helm.sh/postrender-filename: shop/templates/job-migrate.yaml
                    helm.sh/hook: pre-install,pre-upgrade
                    helm.sh/hook-weight: "5"
                    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: migrate
                          image: ghcr.io/example/shop-api:%1$s
                          command: [bin/console, doctrine:migrations:migrate, --no-interaction]
                """.formatted(version, chartLabel);
    }

    /** What one release's woven output tells the cluster. */
    record Woven(JsonNode chartJob, JsonNode inputSpec, Map<String, String> gate, Map<String, String> record, long recordWeight,
                 boolean ownMigrationJob) {
        String key() {
            return gate.get("SLUICE_MIGRATION");
        }
    }

    static Woven weave(String version, String chartLabel) {
        List<Document> in = StreamReader.read(stream(version, chartLabel).getBytes(StandardCharsets.UTF_8));
        JsonNode inputSpec = in.get(1).tree().orElseThrow().path("spec").deepCopy();
        List<Document> out = Weaver.weave(in, PlanLoader.parse(PLAN, "test plan"), new dev.sluice.downstream.HelmHooks(true)).documents();
        JsonNode chartJob = null;
        Map<String, String> gate = Map.of();
        Map<String, String> record = Map.of();
        long recordWeight = 0;
        boolean own = false;
        for (Document d : out) {
            JsonNode t = d.tree().orElseThrow();
            String name = t.path("metadata").path("name").asText();
            String role = t.path("metadata").path("labels").path(dev.sluice.kube.Keys.ROLE).asText("");
            if (name.equals("shop-migrate")) {
                chartJob = t;
            } else if (t.path("kind").asText().equals("Deployment")) {
                gate = env(t.path("spec").path("template").path("spec").path("initContainers").path(0));
            } else if (role.equals("record") && t.path("kind").asText().equals("Job")) {
                record = env(t.path("spec").path("template").path("spec").path("containers").path(0));
                recordWeight = Long.parseLong(t.path("metadata").path("annotations").path("helm.sh/hook-weight").asText());
            } else if (role.equals("migration")) {
                own = true;
            }
        }
        return new Woven(chartJob, inputSpec, gate, record, recordWeight, own);
    }

    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    @TempDir
    Path tmp;
    Path bin;
    GateScenarioTest.StubState state;
    Woven previous;
    Woven current;

    @BeforeEach
    void setUp() throws IOException {
        bin = GateScenarioTest.installStub(tmp.resolve("bin"));
        previous = weave("1.0", "shop-1.0");
        current = weave("2.0", "shop-2.0");
        // Jobs the scenarios make carry this revision's label, as sluice's weave puts it on the chart's Job
        state = new GateScenarioTest.StubState(tmp.resolve("state"), current.key());
    }

    @AfterEach
    void noUnsupportedCalls() throws IOException {
        state.assertNoUnsupportedCalls();
    }

    @Test
    void theWeaveGatesOnTheChartsJob_labelsItWithTheHashOfItsSpec_andLeavesWhatItRunsAlone() {
        assertEquals(false, current.ownMigrationJob(), "sluice ran a migration Job of its own beside the adopted one");
        assertEquals("shop-migrate", current.gate().get("SLUICE_JOB"));
        assertEquals("shop-migrate", current.record().get("SLUICE_JOB"));
        assertEquals(current.key(), current.record().get("SLUICE_MIGRATION"));
        assertEquals(current.key(), current.chartJob().path("metadata").path("labels").path(dev.sluice.kube.Keys.MIGRATION).asText());
        assertEquals("shop", current.chartJob().path("metadata").path("annotations").path("sluice.dev/adopted-by").asText());
        assertEquals(current.inputSpec(), current.chartJob().path("spec"), "sluice changed what the chart's Job runs");
        // kept until the record has its success (a first install records post-install); Helm still replaces it next time
        assertEquals("before-hook-creation",
                current.chartJob().path("metadata").path("annotations").path("helm.sh/hook-delete-policy").asText());
        assertEquals("5", current.chartJob().path("metadata").path("annotations").path("helm.sh/hook-weight").asText());
        assertTrue(current.recordWeight() > 5, "the record Job runs after the chart's Job: " + current.recordWeight());
        // a new release with a changed migration is a new hash; the same spec under other metadata is the same migration
        assertNotEquals(previous.key(), current.key());
        assertEquals(current.key(), weave("2.0", "shop-2.0-rc").key());
    }

    @Test
    void upgrade_previousReleasesCompleteJobUnderTheSameName_gateWaits_passesWhenThisRevisionsRunCompletes() {
        state.configMap(current.record().get("SLUICE_RECORD"), previous.key(), "succeeded job=shop-migrate");
        state.labelledJob("shop-migrate", previous.key(), COMPLETE);
        state.at("get", "job", 3).job("shop-migrate", RUNNING);
        state.at("get", "job", 5).job("shop-migrate", COMPLETE);
        GateScenarioTest.Run gate = run(Scripts.GATE, current.gate());
        assertEquals(0, gate.exit(), gate.toString());
        assertEquals(5, state.count("get", "job"), "passed on the previous release's run (I1)\n" + gate);
        assertEquals(List.of(
                "sluice: waiting for migration Job shop-migrate of this revision (the one there runs migration " + previous.key() + ")",
                "sluice: waiting for migration Job shop-migrate to finish",
                "sluice: migration Job shop-migrate is complete; starting"), gate.outLines(), gate.toString());
        assertEquals(0, state.count("patch", "configmap"), "the gate wrote the record\n" + gate);
    }

    @Test
    void upgrade_aCompleteJobFromBeforeTheAdoption_unlabelled_neverOpensTheGate() {
        state.configMap(current.record().get("SLUICE_RECORD"));
        state.labelledJob("shop-migrate", null, COMPLETE);
        Map<String, String> env = new LinkedHashMap<>(current.gate());
        env.put("SLUICE_TIMEOUT", "1");
        GateScenarioTest.Run gate = run(Scripts.GATE, env);
        assertEquals(1, gate.exit(), gate.toString());
        assertTrue(gate.err().contains("gave up after 1s: migration " + current.key() + " (Job shop-migrate) has not succeeded"),
                gate.toString());
    }

    @Test
    void recordJob_waitsForThisRevisionsRun_recordsIt_thenPodsPassWithoutTheJob() {
        String recordMap = current.record().get("SLUICE_RECORD");
        state.configMap(recordMap, previous.key(), "succeeded job=shop-migrate");
        state.labelledJob("shop-migrate", previous.key(), COMPLETE);
        state.at("get", "job", 2).job("shop-migrate", COMPLETE);
        GateScenarioTest.Run record = run(Scripts.RECORD, current.record());
        assertEquals(0, record.exit(), record.toString());
        assertEquals(2, state.count("get", "job"), "recorded the previous release's run\n" + record);
        assertEquals(Map.of(previous.key(), "succeeded job=shop-migrate", current.key(), "succeeded job=shop-migrate"),
                state.data(recordMap));
        // Helm deletes the chart's Job before its next run (or a cleanup does): a restarted pod passes on the record (I2)
        state.deleteJob("shop-migrate");
        state.clearCalls();
        GateScenarioTest.Run later = run(Scripts.GATE, current.gate());
        assertEquals(0, later.exit(), later.toString());
        assertEquals(List.of("get configmap " + recordMap + " -o jsonpath={.data." + current.key() + "}"), state.calls());
    }

    @Test
    void recordJob_theChartsMigrationFails_recordsNothing_andSaysWhy() {
        String recordMap = current.record().get("SLUICE_RECORD");
        state.configMap(recordMap);
        state.job("shop-migrate", GateScenarioTest.FAILED);
        GateScenarioTest.Run record = run(Scripts.RECORD, current.record());
        assertEquals(1, record.exit(), record.toString());
        assertTrue(record.err().contains("migration Job shop-migrate failed (BackoffLimitExceeded:"), record.toString());
        assertEquals(Map.of(), state.data(recordMap));
    }

    private GateScenarioTest.Run run(String script, Map<String, String> woven) {
        Map<String, String> env = new LinkedHashMap<>(woven);
        env.put("SLUICE_POLL_SECONDS", "1".equals(env.get("SLUICE_TIMEOUT")) ? "0.1" : "0");
        env.put("HOME", tmp.toString());
        env.put("STUB_STATE", state.dir.toString());
        return GateScenarioTest.runScript(script, env, bin + ":" + System.getenv("PATH"), tmp);
    }
}
