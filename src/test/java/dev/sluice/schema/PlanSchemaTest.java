package dev.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sluice.Sluice;
import dev.sluice.plan.PlanLoader;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamException;
import dev.sluice.stream.StreamReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema `sluice schema` prints, checked with a real JSON Schema validator (networknt, draft 2020-12). */
class PlanSchemaTest {
    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    static final JsonSchema SCHEMA = FACTORY.getSchema(PlanSchema.schema());

    /** bad-plan cases that a schema can see; the others need the stream, or are not YAML plans at all. */
    static final Set<String> SCHEMA_LEVEL = Set.of("bad-plan-is-a-manifest", "bad-plan-max-surge-zero",
            "bad-plan-missing-command", "bad-plan-name-not-dns-label", "bad-plan-strategy-typo", "bad-plan-target-kind-typo",
            "bad-plan-unknown-field", "bad-plan-wrong-apiversion", "bad-plan-wrong-kind",
            "bad-plan-quiesce-timeout-zero", "bad-plan-quiesce-timeout-negative", "bad-plan-ttl-negative",
            "bad-plan-active-deadline-zero", "bad-plan-backoff-limit-negative", "bad-plan-wait-timeout-fraction",
            "bad-plan-image-empty", "bad-plan-image-line-break", "bad-plan-resources-not-a-quantity", "bad-plan-pod-affinity-typo",
            "bad-plan-pod-label-value", "bad-plan-pod-spread-missing-field", "bad-plan-pod-toleration-effect",
            "bad-plan-pod-unknown-field", "bad-plan-pod-wrong-type", "bad-plan-env-typo", "bad-plan-command-null",
            "bad-plan-adopt-with-command");
    static final Set<String> STREAM_LEVEL = Set.of("bad-plan-annotation-unknown-plan", "bad-plan-cross-namespace",
            "bad-plan-duplicate-name", "bad-plan-from-container-not-found", "bad-plan-from-workload-not-found",
            "bad-plan-selector-matches-nothing", "bad-plan-target-matches-nothing", "bad-plan-workload-in-two-plans",
            "bad-plan-pod-init-container-not-found", "bad-plan-pod-init-container-waits",
            // a schema cannot compare two quantities
            "bad-plan-resources-request-above-limit",
            // a hook weight is refused against the strategy, the steps and the chart's hooks
            "bad-plan-hook-weight-before-chart-hook", "bad-plan-hook-weight-before-quiesce", "bad-plan-hook-weight-before-steps",
            "bad-plan-hook-weight-tie", "bad-plan-adopt-job-not-found", "bad-plan-adopt-not-a-hook",
            "bad-plan-adopt-pre-upgrade-only", "bad-plan-adopt-before-quiesce", "bad-plan-adopt-without-hooks",
            "bad-plan-real-mastodon-adopt-pre-upgrade-only", "bad-plan-adopt-by-two-plans");
    static final Set<String> NOT_A_PLAN = Set.of("bad-plan-empty-file", "bad-plan-file-missing", "bad-plan-invalid-yaml");

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Document d : StreamReader.read(Files.readAllBytes(file))) {
            d.tree().ifPresent(out::add);
        }
        return out;
    }

    static Set<ValidationMessage> validate(Path file) throws IOException {
        Set<ValidationMessage> errors = new java.util.LinkedHashSet<>();
        for (JsonNode plan : documents(file)) {
            errors.addAll(SCHEMA.validate(plan));
        }
        return errors;
    }

    @Test
    void theSchemaIsValidDraft202012() {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of(PlanSchema.DRAFT));
        assertEquals(Set.of(), meta.validate(PlanSchema.schema()));
        assertEquals(PlanSchema.DRAFT, PlanSchema.schema().path("$schema").asText());
    }

    @Test
    void itIsGeneratedFromThePlanRecords() {
        JsonNode schema = PlanSchema.schema();
        JsonNode defs = schema.path("$defs");
        assertEquals("[\"apiVersion\",\"kind\",\"metadata\",\"spec\"]", schema.path("required").toString());
        assertEquals(false, schema.path("additionalProperties").asBoolean(true));
        List<String> strategies = new ArrayList<>();
        defs.path("Spec").path("properties").path("strategy").path("enum").forEach(n -> strategies.add(n.asText()));
        assertEquals(java.util.Arrays.stream(dev.sluice.plan.Strategy.values()).map(dev.sluice.plan.Strategy::word).toList(), strategies);
        assertEquals("[\"CronJob\",\"DaemonSet\",\"Deployment\",\"Job\",\"StatefulSet\"]",
                defs.path("Target").path("properties").path("kind").path("enum").toString());
        assertTrue(defs.path("Spec").path("properties").has("wait"), "JSON names (@JsonProperty), not Java names");
        assertTrue(defs.path("Migration").path("properties").path("command").path("description").asText().contains("migration command"));
        defs.fields().forEachRemaining(e -> assertEquals(false, e.getValue().path("additionalProperties").asBoolean(true), e.getKey()));
    }

    @Test
    void everyGoodPlanValidates() throws IOException {
        List<Path> plans = new ArrayList<>(List.of(Path.of("charts-example/sluice.yaml")));
        try (Stream<Path> s = Files.list(Path.of("testdata"))) {
            s.filter(d -> !d.getFileName().toString().startsWith("bad-")).map(d -> d.resolve("plan.yaml"))
                    .filter(Files::exists).sorted().forEach(plans::add);
        }
        assertTrue(plans.size() > 20, "plans found: " + plans);
        for (Path plan : plans) {
            PlanLoader.load(plan);
            assertEquals(Set.of(), validate(plan), plan.toString());
        }
    }

    @Test
    void theBadPlansAreRejectedWhereASchemaCanSee() throws IOException {
        Set<String> rejected = new TreeSet<>();
        Set<String> accepted = new TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of("testdata"))) {
            for (Path dir : s.filter(d -> d.getFileName().toString().startsWith("bad-plan-")).sorted().toList()) {
                String name = dir.getFileName().toString();
                Path plan = dir.resolve("plan.yaml");
                List<JsonNode> docs;
                try {
                    docs = Files.exists(plan) ? documents(plan) : List.of();
                } catch (StreamException e) {
                    docs = List.of();
                }
                if (docs.isEmpty()) {
                    assertTrue(NOT_A_PLAN.contains(name), name + " holds no plan document: classify it here");
                    continue;
                }
                (validate(plan).isEmpty() ? accepted : rejected).add(name);
            }
        }
        assertEquals(new TreeSet<>(SCHEMA_LEVEL), rejected, "rejected by the schema");
        assertEquals(new TreeSet<>(STREAM_LEVEL), accepted, "valid for the schema, refused by sluice once it sees the stream");
    }

    @Test
    void messagesNameTheField() throws IOException {
        String typo = validate(Path.of("testdata/bad-plan-strategy-typo/plan.yaml")).toString();
        assertTrue(typo.contains("$.spec.strategy"), typo);
        String unknown = validate(Path.of("testdata/bad-plan-unknown-field/plan.yaml")).toString();
        assertTrue(unknown.contains("comand"), unknown);
    }

    @Test
    void envEntriesAreCheckedAsPlanLoaderChecksThem() throws IOException {
        String good = "{name: A, value: '0755'}, {name: B, valueFrom: {secretKeyRef: {name: db, key: url, optional: true}}},"
                + " {name: C, valueFrom: {fieldRef: {fieldPath: metadata.name}}}";
        assertEquals(Set.of(), SCHEMA.validate(planWithEnv(good)));
        String[] bad = {"{name: A, valeu: x}", "{value: x}", "{name: A, value: x, valueFrom: {fieldRef: {fieldPath: a}}}",
                "{name: A, valueFrom: {secretKeyRef: {name: db}}}", "{name: A, valueFrom: {secretRef: {name: db, key: k}}}",
                "{name: A, valueFrom: {}}", "{name: A, valueFrom: {secretKeyRef: {key: k, optional: 'yes'}}}"};
        for (String entry : bad) {
            assertTrue(!SCHEMA.validate(planWithEnv(entry)).isEmpty(), "the schema accepts env entry " + entry);
            org.junit.jupiter.api.Assertions.assertThrows(dev.sluice.plan.PlanException.class,
                    () -> PlanLoader.parse(planText(entry), "test"), "PlanLoader accepts env entry " + entry);
        }
        assertTrue(PlanSchema.schema().path("$defs").path("Migration").path("properties").path("env").path("items")
                .path("properties").path("value").path("description").asText().contains("as written"));
    }

    private static String planText(String env) {
        return "apiVersion: sluice.dev/v1alpha1\nkind: MigrationPlan\nmetadata: {name: p}\nspec:\n  migration:\n"
                + "    command: [migrate]\n    env: [" + env + "]\n";
    }

    private static JsonNode planWithEnv(String env) throws IOException {
        return StreamReader.split(planText(env)).get(0).tree().orElseThrow();
    }

    @Test
    void theCommandPrintsIt() {
        Sluice.Run run = Sluice.run("", "schema");
        assertEquals(0, run.exit());
        assertEquals(PlanSchema.json(), run.out());
    }
}
