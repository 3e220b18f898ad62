package dev.sluice.weave;

import dev.sluice.kube.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.ScriptBlocks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record's integrity, read off every golden output that has a record: who may write it. Only the record
 * Job's own ServiceAccount, which nothing else runs as; every other subject sluice binds (the gated pods'
 * ServiceAccounts, "default" among them, and where hooks are ignored the migration's) may only read. Also: the
 * record Job records the Job its Role names, and where hooks are ignored the migration's first step stops a
 * recorded migration with the exit code its podFailurePolicy ends the Job on.
 */
class RecordAccessTest {
    static final Path TESTDATA = Path.of(System.getProperty("sluice.testdata", "testdata"));
    static final Set<String> WRITE_VERBS = Set.of("patch", "update", "create", "delete", "deletecollection", "*");

    record Grant(String subject, String verb, String resource, String name) {
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenOutputWithARecord() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(TESTDATA)) {
            for (Path dir : dirs.sorted().toList()) {
                Path expected = dir.resolve("expected.yaml");
                if (!Files.exists(expected)) {
                    continue;
                }
                List<JsonNode> docs = read(expected);
                List<JsonNode> records = docs.stream().filter(d -> kind(d).equals("ConfigMap")
                        && role(d).equals("record")).toList();
                if (!records.isEmpty()) {
                    tests.add(DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(docs, records)));
                }
            }
        }
        assertTrue(tests.size() >= 40, "golden outputs with a record: " + tests.size());
        return tests.stream();
    }

    static void check(List<JsonNode> docs, List<JsonNode> records) {
        List<Grant> grants = grants(docs);
        for (JsonNode record : records) {
            String name = name(record);
            String plan = record.path("metadata").path("labels").path("sluice.dev/plan").asText();
            JsonNode recordJob = only(docs, d -> kind(d).equals("Job") && role(d).equals("record") && plan(d).equals(plan));
            // sluice's migration Job, or the chart's own that the plan adopted (spec.migration.adopt)
            JsonNode migration = only(docs, d -> kind(d).equals("Job") && ((role(d).equals("migration") && plan(d).equals(plan))
                    || d.path("metadata").path("annotations").path("sluice.dev/adopted-by").asText("").equals(plan)));
            boolean adopted = !role(migration).equals("migration");
            String writer = recordJob.path("spec").path("template").path("spec").path("serviceAccountName").asText();
            assertTrue(writer.endsWith("-sluice-record"), "the record Job runs as sluice's own ServiceAccount: " + writer);
            assertFalse(recordJob.path("spec").path("template").path("spec").path("automountServiceAccountToken").asBoolean(true),
                    "the record Job mounts its token only in its container");

            Set<String> writers = new TreeSet<>();
            Set<String> readers = new TreeSet<>();
            for (Grant g : grants) {
                if (g.resource().equals("configmaps") && (g.name() == null || g.name().equals(name))) {
                    (WRITE_VERBS.contains(g.verb()) ? writers : readers).add(g.subject() + " " + g.verb());
                }
            }
            assertEquals(Set.of(writer + " patch"), writers, "who may write ConfigMap " + name);
            assertTrue(readers.stream().anyMatch(r -> !r.startsWith(writer + " ")), "the gated pods read the record: " + readers);

            // nothing but the record Job runs as the writer
            for (JsonNode d : docs) {
                for (JsonNode pod : d.findParents("containers")) {
                    String sa = pod.path("serviceAccountName").asText("default");
                    if (sa.equals(writer)) {
                        assertEquals(name(recordJob), name(d), d.path("kind").asText() + "/" + name(d) + " runs as " + writer);
                    }
                }
            }
            // the migration pod's own identity writes nothing, whatever it is ("default" too)
            String migrationAccount = migration.path("spec").path("template").path("spec").path("serviceAccountName").asText("default");
            assertTrue(grants.stream().noneMatch(g -> g.subject().equals(migrationAccount) && WRITE_VERBS.contains(g.verb())),
                    "ServiceAccount " + migrationAccount + " (the migration's) may write: " + grants);
            assertTrue(grants.stream().noneMatch(g -> g.subject().equals("default") && WRITE_VERBS.contains(g.verb())),
                    "ServiceAccount default may write: " + grants);

            // the record Job records the migration Job its Role lets it read
            JsonNode env = recordJob.path("spec").path("template").path("spec").path("containers").path(0).path("env");
            assertEquals(name(migration), envValue(env, "SLUICE_JOB"));
            assertEquals(name, envValue(env, "SLUICE_RECORD"));
            assertTrue(grants.contains(new Grant(writer, "get", "jobs", name(migration))), "the record Job cannot read " + name(migration));
            if (!adopted) {
                // an adopted Job's spec is the chart's, TTL included
                assertEquals(migration.path("spec").path("ttlSecondsAfterFinished"), recordJob.path("spec").path("ttlSecondsAfterFinished"));
            }
            if (adopted) {
                // the chart's Job is kept until the record has its success: Helm deletes it before its next run
                assertFalse(migration.path("metadata").path("annotations").path("helm.sh/hook-delete-policy").asText()
                        .contains("hook-succeeded"), "the adopted Job is deleted before the post-install record Job sees it");
                assertEquals(migration.path("metadata").path("labels").path("sluice.dev/migration").asText(), envValue(env,
                        "SLUICE_MIGRATION"), "the record Job records the adopted Job's run of this revision");
            } else if (migration.path("metadata").path("annotations").has("kapp.k14s.io/change-group")) {
                // kapp deletes what leaves the output; a TTL would only make it create the Job again and wait for it
                assertTrue(migration.path("spec").path("ttlSecondsAfterFinished").isMissingNode(), "no TTL under kapp");
            } else {
                assertTrue(migration.path("spec").path("ttlSecondsAfterFinished").asInt(0) > 0, "the migration Job is cleaned up");
            }

            boolean hooks = migration.path("metadata").path("annotations").has("helm.sh/hook")
                    || migration.path("metadata").path("annotations").has("argocd.argoproj.io/hook");
            JsonNode init = migration.path("spec").path("template").path("spec").path("initContainers");
            JsonNode policy = migration.path("spec").path("podFailurePolicy");
            if (hooks) {
                assertTrue(policy.isMissingNode(), "where hooks run, Helm re-creates the Job on every upgrade: " + policy);
                assertFalse(init.path(0).path("name").asText().equals(Keys.ONCE_CONTAINER));
            } else {
                assertEquals(Keys.ONCE_CONTAINER, init.path(0).path("name").asText(), "the first step reads the record");
                String hash = migration.path("metadata").path("labels").path("sluice.dev/migration").asText();
                assertTrue(name(migration).endsWith("-migrate-" + hash) && name(recordJob).endsWith("-record-" + hash),
                        "both Jobs named after the same content: " + name(migration) + ", " + name(recordJob));
                JsonNode rule = policy.path("rules").path(0);
                assertEquals("FailJob", rule.path("action").asText());
                assertEquals(Keys.ONCE_CONTAINER, rule.path("onExitCodes").path("containerName").asText());
                assertEquals("[" + MigrationJob.ALREADY_RUN_EXIT_CODE + "]", rule.path("onExitCodes").path("values").toString());
                assertTrue(init.path(0).path("command").path(2).asText().contains("exit " + MigrationJob.ALREADY_RUN_EXIT_CODE));
            }
        }
    }

    /** What each ServiceAccount may do, through the RoleBindings and Roles in the stream. */
    static List<Grant> grants(List<JsonNode> docs) {
        List<Grant> out = new ArrayList<>();
        for (JsonNode binding : docs) {
            if (!kind(binding).equals("RoleBinding")) {
                continue;
            }
            String roleName = binding.path("roleRef").path("name").asText();
            JsonNode role = only(docs, d -> kind(d).equals("Role") && name(d).equals(roleName));
            for (JsonNode subject : binding.path("subjects")) {
                assertEquals("ServiceAccount", subject.path("kind").asText(), "sluice binds ServiceAccounts only");
                for (JsonNode rule : role.path("rules")) {
                    for (JsonNode resource : rule.path("resources")) {
                        for (JsonNode verb : rule.path("verbs")) {
                            if (rule.path("resourceNames").isEmpty()) {
                                out.add(new Grant(subject.path("name").asText(), verb.asText(), resource.asText(), null));
                            }
                            for (JsonNode n : rule.path("resourceNames")) {
                                out.add(new Grant(subject.path("name").asText(), verb.asText(), resource.asText(), n.asText()));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    static JsonNode only(List<JsonNode> docs, java.util.function.Predicate<JsonNode> which) {
        List<JsonNode> found = docs.stream().filter(which).toList();
        assertEquals(1, found.size(), "expected exactly one: " + found.stream().map(RecordAccessTest::name).toList());
        return found.get(0);
    }

    static String envValue(JsonNode env, String name) {
        for (JsonNode e : env) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var it = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(ScriptBlocks.output(file))) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && d.isObject()) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    static String kind(JsonNode d) {
        return d.path("kind").asText();
    }

    static String name(JsonNode d) {
        return d.path("metadata").path("name").asText();
    }

    static String role(JsonNode d) {
        return d.path("metadata").path("labels").path("sluice.dev/role").asText();
    }

    static String plan(JsonNode d) {
        return d.path("metadata").path("labels").path("sluice.dev/plan").asText();
    }
}
