package dev.sluice.starter;

import dev.sluice.Sluice;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.PlanLoader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

    /** The commented spec.migration.pod of the starter plan, uncommented as is, is a plan sluice uses. */
    @Test
    void thePodHintUncommentedIsAValidPlan(@TempDir Path tmp) throws Exception {
        byte[] rendered = Files.readAllBytes(Path.of("testdata/example-rolling/input.yaml"));
        Sluice.Run init = Sluice.run(rendered, Map.of(), "init");
        assertEquals(0, init.exit(), init.err());
        assertTrue(init.out().contains("    # pod:\n    #   labels: {db-access: \"true\"}"), init.out());
        assertTrue(init.out().contains("    #   initContainers: [copy-assets]\n"), init.out());

        String out = init.out().replace("command: []", "command: [bin/console, doctrine:migrations:migrate, -n]");
        int from = out.indexOf("    # pod:\n");
        int to = out.indexOf("  wait:\n", from);
        String uncommented = out.substring(0, from)
                + out.substring(from, to).replace("    # pod:\n", "    pod:\n").replaceAll("(?m)^    #   (?!#)", "      ")
                + out.substring(to);
        Path plan = tmp.resolve("sluice.yaml");
        Files.writeString(plan, uncommented);
        Sluice.Run render = Sluice.run(rendered, Map.of(), "-c", plan.toString());
        assertEquals(0, render.exit(), render.err());
        String job = render.out().substring(render.out().indexOf("name: shop-api-migrate-"));
        assertTrue(job.contains("db-access: \"true\""), job);
        assertTrue(job.contains("pool: batch"), job);
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
    void guessesByImageRepositoryWithoutLabelsAndNeverFromAWebServer() {
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
                kind: DaemonSet
                metadata: {name: agent}
                spec: {template: {spec: {containers: [{name: a, image: "registry.example/app:2"}]}}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: other}
                spec: {template: {spec: {containers: [{name: o, image: "redis:7"}]}}}
                """;
        Sluice.Run run = Sluice.run(stream, "init");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("    - name: web\n      kind: Deployment\n    - name: agent\n      kind: DaemonSet\n  strategy"), run.out());
        assertTrue(run.out().contains("from: {workload: web, container: app}"), run.out());
        assertTrue(run.out().contains("    # Not: nginx (a web server).\n"), run.out());
        assertEquals("registry.example/app", StarterPlan.repository("registry.example/app@sha256:abc"));
        assertEquals("localhost:5000/app", StarterPlan.repository("localhost:5000/app:1.0"));
    }

    @Test
    void phpFpmBesideNginxThePhpContainerIsTheSourceAndEveryWorkloadOfItsImageATarget(@TempDir Path tmp) throws Exception {
        Sluice.Run render = initThenRender(tmp, Path.of("testdata/init-php-fpm-nginx/input.yaml"));
        assertEquals(Set.of("Deployment/shop-web", "Deployment/shop-worker", "StatefulSet/shop-scheduler", "CronJob/shop-cleanup"),
                gated(render));
        String job = render.out().substring(render.out().indexOf("kind: Job"));
        assertTrue(job.contains("image: registry.example.com/shop/php:3.1.0"), job);
        assertTrue(job.contains("name: DATABASE_URL"), job);
        assertTrue(!job.contains("nginx"), job);
    }

    @Test
    void namesYamlWouldReadAsOtherThingsAreQuotedAndSelectTheirWorkloads(@TempDir Path tmp) throws Exception {
        Path input = Path.of("testdata/init-names-need-quotes/input.yaml");
        String plan = Sluice.run(Files.readAllBytes(input), Map.of(), "init").out();
        assertTrue(plan.contains("    - name: \"0755\"\n"), plan);
        assertTrue(plan.contains("    - name: \"on\"\n"), plan);
        assertTrue(plan.contains("from: {workload: \"0755\", container: \"null\"}"), plan);
        assertTrue(plan.contains("app.kubernetes.io/part-of: \"off\", app.kubernetes.io/component: \"1e3\""), plan);
        Sluice.Run render = initThenRender(tmp, input);
        assertEquals(Set.of("Deployment/0755", "CronJob/on"), gated(render));
        for (String s : new String[]{"0755", "on", "yes", "null", "12:30", "1e3", "0o17", "~", "-x", "a b", "x: y", "é"}) {
            assertTrue(!StarterPlan.scalar(s).equals(s), s);
        }
        for (String s : new String[]{"rel-ghost", "api", "shop.v2", "ghost_1"}) {
            assertEquals(s, StarterPlan.scalar(s));
        }
    }

    /** The oracle: the real kubectl (sigs.k8s.io/yaml) reads every name of the starter as the string it is. */
    @Test
    void kubectlReadsEveryQuotedNameAsItsString(@TempDir Path tmp) throws Exception {
        Path plan = tmp.resolve("sluice.yaml");
        Files.writeString(plan, Sluice.run(Files.readAllBytes(Path.of("testdata/init-names-need-quotes/input.yaml")), Map.of(), "init").out());
        Process p = new ProcessBuilder("bash", "-c", "env=$(scripts/fetch-tools --env) && eval \"$env\" && \"$SLUICE_KUBECTL\" label --local"
                + " -f \"$0\" checked=yes -o json", plan.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "kubectl (from scripts/fetch-tools --env) could not read the starter:\n" + out);
        com.fasterxml.jackson.databind.JsonNode read = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.substring(out.indexOf('{')));
        assertEquals("\"true\"", read.path("metadata").path("name").toString());
        assertEquals("\"0755\"", read.path("spec").path("targets").path(0).path("name").toString());
        assertEquals("\"on\"", read.path("spec").path("targets").path(1).path("name").toString());
        assertEquals("\"0755\"", read.path("spec").path("migration").path("from").path("workload").toString());
        assertEquals("\"null\"", read.path("spec").path("migration").path("from").path("container").toString());
    }

    @Test
    void subchartWorkloadsAreNeverTheSource() {
        Sluice.Run run = Sluice.run(readUnchecked("testdata/init-subchart-first/input.yaml"), "init");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("from: {workload: rel-hydra, container: hydra}"), run.out());
        assertTrue(run.out().contains("# Left out, from subcharts: Deployment rel-hydra-maester."), run.out());
        assertTrue(!run.out().contains("- name: rel-hydra-maester"), run.out());
    }

    /** On every real chart, the starter (with a command) loads as a plan and gates exactly the targets it lists. */
    @TestFactory
    Stream<DynamicTest> theStarterOfEveryRealChartSelectsWhatItSays(@TempDir Path tmp) throws Exception {
        List<Path> inputs;
        try (Stream<Path> dirs = Files.list(Path.of("testdata"))) {
            inputs = dirs.filter(d -> d.getFileName().toString().matches("real-[a-z]+-helm[34]")).map(d -> d.resolve("input.yaml"))
                    .sorted().toList();
        }
        assertTrue(inputs.size() >= 8, inputs.toString());
        return inputs.stream().map(input -> DynamicTest.dynamicTest(input.getParent().getFileName().toString(), () -> {
            String plan = Sluice.run(Files.readAllBytes(input), Map.of(), "init").out();
            List<String> targets = new ArrayList<>();
            Matcher m = Pattern.compile("\n    - name: (\\S+)\n      kind: (\\S+)(?=\n)").matcher(plan);
            while (m.find()) {
                targets.add(m.group(2) + "/" + m.group(1));
            }
            assertTrue(!targets.isEmpty(), plan);
            Sluice.Run render = initThenRender(Files.createTempDirectory(tmp, "case"), input);
            assertEquals(Set.copyOf(targets), gated(render), plan);
        }));
    }

    @Test
    void theChartsOwnMigrationHook_isAdoptedWhereHooksRun_andItsCommandProposedWhereTheyDoNot() throws Exception {
        byte[] helm4 = Files.readAllBytes(Path.of("testdata/real-kratos-helm4/input.yaml"));
        Sluice.Run init = Sluice.run(helm4, Map.of(), "init");
        assertEquals(0, init.exit(), init.err());
        assertTrue(init.out().contains("\n    adopt: {job: rel-kratos-automigrate}\n"), init.out());
        assertTrue(!init.out().contains("command: []"), "adopt and command exclude each other\n" + init.out());
        // the plan as written works at once: the chart's Job is the migration, sluice adds none of its own
        var plans = PlanLoader.parse(init.out(), "sluice.yaml");
        assertEquals("rel-kratos-automigrate", plans.get(0).spec().migration().adopt().job());
        Path plan = Files.createTempFile("sluice", ".yaml");
        try {
            Files.writeString(plan, init.out());
            Sluice.Run render = Sluice.run(helm4, Map.of(), "-c", plan.toString());
            assertEquals(0, render.exit(), render.err());
            assertTrue(render.err().contains("wait for migration Job rel-kratos-automigrate (the chart's)"), render.err());
            assertTrue(!render.out().contains("sluice.dev/role: migration"), "a migration Job of sluice's beside the chart's");
        } finally {
            Files.deleteIfExists(plan);
        }
        // helm template output for Helm 3: the chart's hooks never reach a Helm 3 post-renderer, so no adopt; its command
        Sluice.Run helm3 = Sluice.run(Files.readAllBytes(Path.of("testdata/real-kratos-helm3/input.yaml")), Map.of(), "init");
        assertTrue(helm3.out().contains("command: []"), helm3.out());
        assertTrue(helm3.out().contains("# Its command, as this plan's: [kratos, migrate, sql, \"-e\", \"--yes\", \"--config\","
                + " \"/etc/config/kratos.yaml\"]"), helm3.out());
        assertTrue(!helm3.out().contains("\n    adopt:"), helm3.out());
    }

    /** sluice init, then the command written in, then sluice with that plan: exit 0. */
    static Sluice.Run initThenRender(Path tmp, Path input) throws Exception {
        byte[] rendered = Files.readAllBytes(input);
        Sluice.Run init = Sluice.run(rendered, Map.of(), "init");
        assertEquals(0, init.exit(), init.err());
        Path plan = tmp.resolve("sluice.yaml");
        Files.writeString(plan, init.out().replace("command: []", "command: [bin/migrate]"));
        Sluice.Run render = Sluice.run(rendered, Map.of(), "-c", plan.toString());
        assertEquals(0, render.exit(), render.err());
        return render;
    }

    /** The workloads sluice says wait for the migration Job (its stderr note). */
    static Set<String> gated(Sluice.Run render) {
        Matcher m = Pattern.compile("\\d+ workload\\(s\\) wait for migration Job \\S+(?: \\(the chart's\\))?: (.*)").matcher(render.err());
        assertTrue(m.find(), render.err());
        return Set.of(m.group(1).strip().split(", "));
    }

    private static String readUnchecked(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void databaseSettingNames() {
        for (String db : new String[]{"DATABASE_URL", "DSN", "DB_HOST", "DB_PASS", "POSTGRES_PASSWORD", "MYSQL_HOST", "MARIADB_USER", "PGHOST",
                "SPRING_DATASOURCE_URL", "GHOST_DATABASE_HOST", "KRATOS_DSN", "SQLALCHEMY_DATABASE_URI", "mongodb_uri"}) {
            assertTrue(AppContainer.isDbSetting(db), db);
        }
        for (String other : new String[]{"PORT", "REDIS_PASSWORD", "APP_DEBUG", "DBX", "PGX", "SMTP_LOGIN", "PHP_FPM_SCRAPE_URI"}) {
            assertTrue(!AppContainer.isDbSetting(other), other);
        }
    }

    @Test
    void databaseSettingsOutweighSecretsOutweighConfigMapsThenTheServedWorkloadWins() {
        String workload = """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %1$s}
                spec:
                  template:
                    metadata: {labels: {app: %1$s}}
                    spec: {containers: [{name: %1$s, image: "registry.example/%1$s:1", %2$s}]}
                """;
        String settings = """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {DB_HOST: db, LOG_LEVEL: info}
                """;
        String stream = workload.formatted("plain", "envFrom: [{configMapRef: {name: other}}]")
                + workload.formatted("secret", "envFrom: [{secretRef: {name: creds}}]")
                + workload.formatted("settings", "envFrom: [{configMapRef: {name: settings}}]") + settings;
        assertTrue(Sluice.run(stream, "init").out().contains("from: {workload: settings, container: settings}"));
        assertTrue(Sluice.run(stream, "init").out().contains("(reads DB_HOST; env from ConfigMap settings)"));
        String twins = workload.formatted("worker", "env: [{name: DSN, value: x}]") + workload.formatted("web", "env: [{name: DSN, value: x}]")
                + "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n";
        assertTrue(Sluice.run(twins, "init").out().contains("from: {workload: web, container: web}"), Sluice.run(twins, "init").out());
    }

    @Test
    void nothingToGateIsAClearError() {
        Sluice.Run run = Sluice.run("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "init");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no Deployment, StatefulSet, DaemonSet, CronJob or Job"), run.err());
    }
}
