package dev.sluice.starter;

import dev.sluice.Sluice;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.PlanLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sluice init writes a plan sluice refuses until the command is written, and uses as is after that. */
class StarterPlanTest {
    @Test
    void refusedUntilTheCommandIsWrittenThenItGatesTheGuessedTargets(@TempDir Path tmp) throws Exception {
        byte[] rendered = Files.readAllBytes(Path.of("testdata/example-rolling/input.yaml"));
        Sluice.Run init = Sluice.run(rendered, Map.of(), "init");
        assertEquals(0, init.exit(), init.err());

        PlanException refused = assertThrows(PlanException.class, () -> PlanLoader.parse(init.out(), "sluice.yaml"));
        assertTrue(refused.getMessage().contains("spec.migration.command is required: the command that migrates the database"),
                refused.getMessage());

        Path plan = tmp.resolve("sluice.yaml");
        Files.writeString(plan, init.out().replace("command: []", "command: [bin/console, doctrine:migrations:migrate, -n]"));
        Sluice.Run render = Sluice.run(rendered, Map.of(), "-c", plan.toString());
        assertEquals(0, render.exit(), render.err());
        assertTrue(render.err().contains("3 workload(s) wait for migration Job shop-api-migrate-"), render.err());
        assertTrue(render.err().contains("Deployment/shop-api, Deployment/shop-worker, CronJob/shop-cleanup"), render.err());
    }

    @Test
    void writesAFileOnlyWhenAsked(@TempDir Path tmp) throws Exception {
        byte[] rendered = Files.readAllBytes(Path.of("testdata/example-rolling/input.yaml"));
        Path out = tmp.resolve("sluice.yaml");
        assertEquals(0, Sluice.run(rendered, Map.of(), "init", "-o", out.toString()).exit());
        assertTrue(Files.readString(out).contains("kind: MigrationPlan"));
        Sluice.Run again = Sluice.run(rendered, Map.of(), "init", "-o", out.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("exists; pass --force"), again.err());
        assertEquals(0, Sluice.run(rendered, Map.of(), "init", "-o", out.toString(), "--force").exit());
    }

    @Test
    void guessesByImageRepositoryWithoutLabels() {
        String stream = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {template: {spec: {containers: [{name: nginx, image: nginx:1.27}, {name: app, image: "registry.example/app@sha256:abc"}]}}}
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: queue}
                spec: {template: {spec: {containers: [{name: q, image: "nginx:1.26"}]}}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: other}
                spec: {template: {spec: {containers: [{name: o, image: "redis:7"}]}}}
                """;
        Sluice.Run run = Sluice.run(stream, "init");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("    - name: web\n      kind: Deployment\n    - name: queue\n      kind: StatefulSet\n  strategy"), run.out());
        assertTrue(run.out().contains("from: {workload: web, container: nginx}"), run.out());
        assertEquals("registry.example/app", StarterPlan.repository("registry.example/app@sha256:abc"));
        assertEquals("localhost:5000/app", StarterPlan.repository("localhost:5000/app:1.0"));
    }

    @Test
    void nothingToGateIsAClearError() {
        Sluice.Run run = Sluice.run("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "init");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no Deployment, StatefulSet or CronJob"), run.err());
    }
}
