package dev.sluice.it;

import dev.sluice.kube.Hook;
import dev.sluice.it.Manifests.Release;
import dev.sluice.it.Tools.HelmHome;
import dev.sluice.stream.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static dev.sluice.it.Manifests.hookEvents;
import static dev.sluice.it.Manifests.hookWeight;
import static dev.sluice.it.Manifests.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The order Helm 4 will run sluice's hooks in, for each strategy, on charts-example: Helm sorts
 * the hooks of an event by weight, then by name; {@code helm install --dry-run=client} shows them,
 * and {@code sluice plan} shows the same order for the stream Helm showed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Helm4StrategiesIT {
    static final List<String> COPIES = List.of("ServiceAccount/shop", "Secret/shop", "ConfigMap/shop-env", "ConfigMap/shop-files");
    static final List<String> GATE_ACCESS = List.of("Role/shop-api-sluice-gate", "RoleBinding/shop-api-sluice-gate");
    static final List<String> QUIESCE_ACCESS = List.of("ServiceAccount/shop-api-sluice-quiesce",
            "Role/shop-api-sluice-quiesce", "RoleBinding/shop-api-sluice-quiesce");
    /** The record Job's own identity, the only one that may write the record. */
    static final List<String> RECORD_ACCESS = List.of("ServiceAccount/shop-api-sluice-record",
            "Role/shop-api-sluice-record", "RoleBinding/shop-api-sluice-record");

    @TempDir
    static Path tmp;
    HelmHome helm;

    @BeforeAll
    void installPlugin() {
        Tools.assertBuilt();
        helm = new HelmHome(Tools.helm4(), tmp.resolve("helm4"));
        helm.ok("plugin", "install", Tools.HOME.toString());
    }

    @AfterAll
    void unlinkPlugin() throws IOException {
        Path link = tmp.resolve("helm4/data/plugins/sluice");
        if (Files.isSymbolicLink(link)) {
            Files.delete(link);
        }
    }

    /**
     * The hooks of one event, in the order Helm 4 runs them (its hookByWeight: weight, then name, stable over hooks
     * sorted by kind). {@code --dry-run=client} prints the hooks Helm will run, sorted by kind, not in that order.
     */
    static List<String> order(List<Document> hooks, String event) {
        return hooks.stream().filter(d -> hookEvents(d).contains(event))
                .sorted(Comparator.comparing((Document d) -> new Hook.Named(Hook.of(Manifests.tree(d)).orElseThrow(), d.name(), d.kind()),
                        Hook.ORDER))
                .map(Manifests::id).toList();
    }

    /** The weight Helm runs a hook at (0 without the annotation). */
    static long weight(Document d) {
        return Hook.of(Manifests.tree(d)).orElseThrow().weight();
    }

    /** The release Helm 4 showed for the last strategy, hooks and manifest, as one stream. */
    Path release;

    List<Document> hooks(String strategy, String steps) throws IOException {
        String plan = Files.readString(Tools.PLAN).replace("strategy: rolling", "strategy: " + strategy) + steps;
        return hooks(Tools.CHART, strategy, plan);
    }

    /** The hooks Helm 4 will run for {@code chart} through the plugin with {@code plan}; each of an event on a weight of its own. */
    List<Document> hooks(Path chart, String name, String plan) throws IOException {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, plan);
        String out = helm.ok("install", "shop", chart.toString(), "--dry-run=client",
                "--post-renderer", "sluice", "--post-renderer-args=--config=" + file).out();
        Release r = Release.of(out);
        release = tmp.resolve(name + "-release.yaml");
        Files.writeString(release, r.hooks() + "\n---\n" + r.manifest());
        List<Document> hooks = Manifests.parse(r.hooks());
        for (Document d : hooks) {
            // every hook of an event has its own weight: Helm would otherwise order them by name
            for (String event : hookEvents(d)) {
                long same = hooks.stream().filter(o -> hookEvents(o).contains(event) && weight(o) == weight(d)).count();
                assertEquals(1, same, id(d) + " shares its " + event + " weight " + weight(d));
            }
        }
        return hooks;
    }

    /**
     * The hooks {@code sluice plan -o json} lists for the stream Helm showed, in its order: {@code stage}
     * is hooks-before or hooks-after, of an install or of an upgrade.
     */
    List<String> planOrder(boolean install, String stage) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Tools.LAUNCHER.toString(), "plan", "--hooks=honoured",
                "-o", "json", "-f", release.toString()));
        if (install) {
            command.add("--install");
        }
        Tools.Result r = Tools.run(command, java.util.Map.of(), null);
        assertEquals(0, r.exit(), r::describe);
        com.fasterxml.jackson.databind.JsonNode timeline = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        List<String> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode step : timeline.path("steps")) {
            if (step.path("stage").asText().equals(stage)) {
                out.add(step.path("kind").asText() + "/" + step.path("name").asText());
            }
        }
        return out;
    }

    /** Helm's order of the hooks of each event is the order sluice plan shows. */
    void planShowsHelmsOrder(List<Document> hooks) throws IOException {
        assertEquals(order(hooks, "pre-install"), planOrder(true, "hooks-before"), "sluice plan --install, before");
        assertEquals(order(hooks, "post-install"), planOrder(true, "hooks-after"), "sluice plan --install, after");
        assertEquals(order(hooks, "pre-upgrade"), planOrder(false, "hooks-before"), "sluice plan, before");
        assertEquals(order(hooks, "post-upgrade"), planOrder(false, "hooks-after"), "sluice plan, after");
    }

    static List<String> concat(List<String> a, List<String> b, String... rest) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        out.addAll(List.of(rest));
        return out;
    }

    @Test
    void rolling() throws IOException {
        List<Document> hooks = hooks("rolling", "");
        assertEquals(concat(concat(COPIES, GATE_ACCESS), RECORD_ACCESS, "Job/shop-api-migrate"), order(hooks, "pre-install"));
        assertEquals(concat(GATE_ACCESS, RECORD_ACCESS, "Job/shop-api-migrate", "Job/shop-api-record"), order(hooks, "pre-upgrade"));
        // on a first install the record exists only after the release's objects
        assertEquals(List.of("Job/shop-api-record"), order(hooks, "post-install"));
        assertEquals(List.of(), order(hooks, "post-upgrade"));
        planShowsHelmsOrder(hooks);
    }

    @Test
    void scaleDownWithSteps() throws IOException {
        String steps = """
                  steps:
                    before:
                      - {name: backup, command: [bin/console, app:backup]}
                    after:
                      - {name: verify, command: [bin/console, app:verify]}
                """;
        List<Document> hooks = hooks("scale-down", steps);
        assertEquals(concat(concat(COPIES, GATE_ACCESS), RECORD_ACCESS, "Job/shop-api-step-backup", "Job/shop-api-migrate"),
                order(hooks, "pre-install"));
        assertEquals(concat(concat(GATE_ACCESS, QUIESCE_ACCESS), RECORD_ACCESS, "Job/shop-api-quiesce", "Job/shop-api-step-backup",
                "Job/shop-api-migrate", "Job/shop-api-record"), order(hooks, "pre-upgrade"));
        assertEquals(List.of("Job/shop-api-restore", "Job/shop-api-step-verify"), order(hooks, "post-upgrade"));
        assertEquals(List.of("Job/shop-api-record", "Job/shop-api-step-verify"), order(hooks, "post-install"));
        assertEquals(List.of("Job/shop-api-restore"), order(hooks, "post-rollback"));
        planShowsHelmsOrder(hooks);
    }

    @Test
    void delete() throws IOException {
        List<Document> hooks = hooks("delete", "");
        assertEquals(concat(concat(COPIES, GATE_ACCESS), RECORD_ACCESS, "Job/shop-api-migrate"), order(hooks, "pre-install"));
        assertEquals(concat(concat(GATE_ACCESS, QUIESCE_ACCESS), RECORD_ACCESS, "Job/shop-api-quiesce", "Job/shop-api-migrate",
                "Job/shop-api-record"), order(hooks, "pre-upgrade"));
        assertEquals(List.of(), order(hooks, "post-upgrade"));
        planShowsHelmsOrder(hooks);
    }

    /**
     * A chart that makes what its app needs as its own pre-install hooks, as Ory's (the DSN Secret at weight 0) and
     * Sentry's (weight 3) do, next to a post-upgrade hook Job of default weight: the migration runs after both Secrets,
     * the quiesce still first on upgrades, the restore before the chart's post hook; sluice check --strict passes it.
     */
    @Test
    void chartHookSecretsComeBeforeTheMigration() throws IOException {
        Path chart = tmp.resolve("dsn-app");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: dsn-app\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("templates/serviceaccount.yaml"), """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: dsn-app}
                """);
        Files.writeString(chart.resolve("templates/secrets.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: dsn-app-dsn
                  annotations: {helm.sh/hook: "pre-install,pre-upgrade", helm.sh/hook-weight: "0", helm.sh/hook-delete-policy: before-hook-creation}
                stringData: {dsn: "postgres://app@db/app"}
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: dsn-app-sentry
                  annotations: {helm.sh/hook: pre-install, helm.sh/hook-weight: "3", helm.sh/hook-delete-policy: before-hook-creation}
                stringData: {key: "k"}
                """);
        Files.writeString(chart.resolve("templates/app.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: dsn-app}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: dsn-app}}
                  template:
                    metadata: {labels: {app: dsn-app}}
                    spec:
                      serviceAccountName: dsn-app
                      containers:
                        - name: app
                          image: ghcr.io/example/dsn-app:1.0
                          envFrom: [{secretRef: {name: dsn-app-dsn}}]
                          env: [{name: SENTRY_KEY, valueFrom: {secretKeyRef: {name: dsn-app-sentry, key: key}}}]
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: dsn-app-smoke
                  annotations: {helm.sh/hook: "post-install,post-upgrade"}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: smoke, image: curlimages/curl:8.11.1, command: [curl, -fsS, http://dsn-app/health]}]
                """);
        String plan = """
                apiVersion: sluice.dev/v1alpha1
                kind: MigrationPlan
                metadata: {name: app}
                spec:
                  targets: [{name: dsn-app}]
                  strategy: scale-down
                  migration: {command: [app, migrate]}
                """;
        List<Document> hooks = hooks(chart, "chart-hooks", plan);
        List<String> gate = List.of("Role/dsn-app-sluice-gate", "RoleBinding/dsn-app-sluice-gate");
        List<String> record = List.of("ServiceAccount/dsn-app-sluice-record", "Role/dsn-app-sluice-record",
                "RoleBinding/dsn-app-sluice-record");
        assertEquals(concat(concat(List.of("ServiceAccount/dsn-app"), gate), record, "Secret/dsn-app-dsn", "Secret/dsn-app-sentry",
                "Job/dsn-app-migrate"), order(hooks, "pre-install"));
        assertEquals(concat(concat(gate, List.of("ServiceAccount/dsn-app-sluice-quiesce", "Role/dsn-app-sluice-quiesce",
                "RoleBinding/dsn-app-sluice-quiesce")), record, "Job/dsn-app-quiesce", "Secret/dsn-app-dsn", "Job/dsn-app-migrate",
                "Job/dsn-app-record"), order(hooks, "pre-upgrade"));
        assertEquals(List.of("Job/dsn-app-restore", "Job/dsn-app-smoke"), order(hooks, "post-upgrade"));
        assertEquals(4L, hookWeight(Manifests.get(hooks, "Job", "dsn-app-migrate")), "just after the Secret at 3");
        planShowsHelmsOrder(hooks);
        Tools.Result check = Tools.run(List.of(Tools.LAUNCHER.toString(), "check", "--strict", "-f", release.toString()),
                java.util.Map.of(), null);
        assertEquals(0, check.exit(), check::describe);
    }
}
