package dev.sluice.check;

import dev.sluice.kube.Severity;
import dev.sluice.kube.KnownImages;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanLoader;
import dev.sluice.stream.StreamReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per rule: a stream that triggers it, and a close one that does not. */
class CheckRulesTest {
    static List<Finding> findings(String rule, String stream, String... plans) {
        List<MigrationPlan> parsed = plans.length == 0 ? List.of() : PlanLoader.parse(plans[0], "test plan");
        return Checks.check(StreamReader.read(stream.getBytes(StandardCharsets.UTF_8)), parsed).stream()
                .filter(f -> f.rule().equals(rule)).toList();
    }

    static Finding only(String rule, String stream, String... plans) {
        List<Finding> found = findings(rule, stream, plans);
        assertEquals(1, found.size(), "findings of " + rule + ": " + found);
        return found.get(0);
    }

    static void none(String rule, String stream, String... plans) {
        assertEquals(List.of(), findings(rule, stream, plans));
    }

    static String deployment(String name, String strategy, String init) {
        return """
                ---
                # Source: shop/templates/%1$s.yaml
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                  labels: {app: %1$s}
                spec:
                %2$s  selector: {matchLabels: {app: %1$s}}
                  template:
                    metadata: {labels: {app: %1$s}}
                    spec:
                %3$s      containers:
                        - name: app
                          image: ghcr.io/example/shop:1.0
                """.formatted(name, strategy, init);
    }

    static String job(String name, String annotations, String spec, String containers) {
        return """
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: %s
                  annotations: {%s}
                spec:
                %s  template:
                    spec:
                      restartPolicy: Never
                      containers:
                %s""".formatted(name, annotations, spec, containers);
    }

    static final String MIGRATE = """
                    - name: migrate
                      image: ghcr.io/example/shop:1.0
                      command: [bin/migrate]
            """;

    @Test
    void slu001_maxSurgeAndMaxUnavailableBothZero() {
        Finding f = only("SLU001", deployment("api", "  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}\n", ""));
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("spec.strategy.rollingUpdate", f.field());
        assertTrue(f.line().startsWith("SLU001 error: document 1 (shop/templates/api.yaml) Deployment/api spec.strategy.rollingUpdate: "), f.line());
        none("SLU001", deployment("api", "  strategy: {rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}\n", ""));
        none("SLU001", deployment("api", "  strategy: {type: Recreate}\n", ""));
    }

    @Test
    void slu001_daemonSetMaxSurgeDefaultsToZero() {
        String ds = """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  updateStrategy: {rollingUpdate: {maxUnavailable: 0}}
                """;
        only("SLU001", ds);
        none("SLU001", ds.replace("{maxUnavailable: 0}", "{maxUnavailable: 0, maxSurge: 1}"));
    }

    static final String PLAN = """
            apiVersion: sluice.dev/v1alpha1
            kind: MigrationPlan
            metadata: {name: shop}
            spec:
              targets: [{name: api}]
              migration: {command: [bin/migrate]}
            """;

    static final String SLUICE_GATE = """
                      initContainers:
                        - name: sluice-wait
                          image: registry.k8s.io/kubectl:v1.35.0
                          env:
                            - {name: SLUICE_JOB, value: api-migrate-abc}
                            - {name: SLUICE_TIMEOUT, value: "900"}
                """;

    @Test
    void slu002_targetWithoutGate() {
        Finding byPlan = only("SLU002", deployment("api", "", "") + deployment("web", "", ""), PLAN);
        assertEquals("Deployment/api", byPlan.resource().kindName());
        assertTrue(byPlan.message().contains("plan shop"), byPlan.message());
        none("SLU002", deployment("api", "", SLUICE_GATE), PLAN);
        none("SLU002", deployment("api", "", ""));
    }

    @Test
    void slu002_annotationOptInWithoutPlan() {
        String optedIn = deployment("api", "", "").replaceFirst("labels: \\{app: api}", "labels: {app: api}\n  annotations: {sluice.dev/plan: shop}");
        Finding f = only("SLU002", optedIn);
        assertTrue(f.message().contains("annotation sluice.dev/plan: shop"), f.message());
        none("SLU002", optedIn.replace("      containers:", SLUICE_GATE + "      containers:"));
    }

    static String classicGate(String job, String timeout) {
        return """
                      initContainers:
                        - name: wait-for-migration
                          image: bitnami/kubectl
                          args: [wait, --for=condition=complete, job/%s%s]
                          command: [kubectl]
                """.formatted(job, timeout);
    }

    @Test
    void slu003_gateOnJobRemovedByTtlOrHookSucceeded() {
        String gated = deployment("api", "", classicGate("migrate", ", --timeout=900s"));
        Finding ttl = only("SLU003", gated + job("migrate", "", "  ttlSecondsAfterFinished: 100\n", MIGRATE));
        assertTrue(ttl.message().contains("ttlSecondsAfterFinished"), ttl.message());
        assertEquals("spec.template.spec.initContainers[0]", ttl.field());
        Finding policy = only("SLU003", gated + job("migrate", "helm.sh/hook: pre-upgrade, helm.sh/hook-delete-policy: hook-succeeded", "", MIGRATE));
        assertTrue(policy.message().contains("hook-succeeded"), policy.message());
        none("SLU003", gated + job("migrate", "helm.sh/hook: pre-upgrade, helm.sh/hook-delete-policy: before-hook-creation", "", MIGRATE));
    }

    @Test
    void slu004_hookWeightNotAQuotedInteger() {
        Finding number = only("SLU004", job("migrate", "helm.sh/hook: pre-upgrade, helm.sh/hook-weight: 5", "", MIGRATE));
        assertTrue(number.fix().contains("\"5\""), number.fix());
        Finding word = only("SLU004", job("migrate", "helm.sh/hook: pre-upgrade, helm.sh/hook-weight: \"high\"", "", MIGRATE));
        assertTrue(word.message().contains("weight 0"), word.message());
        none("SLU004", job("migrate", "helm.sh/hook: pre-upgrade, helm.sh/hook-weight: \"-5\"", "", MIGRATE));
    }

    @Test
    void slu005_unknownHookNameOrDeletePolicy() {
        Finding hook = only("SLU005", job("migrate", "helm.sh/hook: \"pre-install,pre-upgarde\"", "", MIGRATE));
        assertTrue(hook.fix().startsWith("did you mean 'pre-upgrade'?"), hook.fix());
        assertTrue(hook.fix().contains("post-rollback"), "lists the valid names: " + hook.fix());
        Finding policy = only("SLU005", job("migrate", "helm.sh/hook: pre-upgrade, helm.sh/hook-delete-policy: hook-succeded", "", MIGRATE));
        assertEquals("metadata.annotations.helm.sh/hook-delete-policy", policy.field());
        none("SLU005", job("migrate", "helm.sh/hook: \"Pre-Install, pre-upgrade\", helm.sh/hook-delete-policy: hook-succeeded", "", MIGRATE));
    }

    @Test
    void slu006_hooksOrderedByNameTies() {
        String a = job("a-backup", "helm.sh/hook: pre-upgrade, helm.sh/hook-weight: \"-5\"", "", MIGRATE);
        String b = job("b-migrate", "helm.sh/hook: \"pre-install,pre-upgrade\", helm.sh/hook-weight: \"-5\"", "", MIGRATE);
        Finding f = only("SLU006", b + a);
        assertEquals("Job/b-migrate", f.resource().kindName());
        assertTrue(f.message().contains("runs after Job/a-backup") && f.message().contains("pre-upgrade"), f.message());
        assertEquals(Severity.WARNING, f.severity());
        none("SLU006", b.replace("\"-5\"", "\"-4\"") + a);
    }

    static final String SECRET = """
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: db}
            stringData: {url: x}
            """;
    static final String USES_SECRET = """
                    - name: migrate
                      image: ghcr.io/example/shop:1.0
                      envFrom: [{secretRef: {name: db}}]
            """;

    @Test
    void slu007_preInstallHookUsesRegularSecret() {
        Finding onlyInstall = only("SLU007", SECRET + job("migrate", "helm.sh/hook: pre-install", "", USES_SECRET));
        assertEquals(Severity.ERROR, onlyInstall.severity());
        assertTrue(onlyInstall.message().contains("Secret/db"), onlyInstall.message());
        assertEquals("spec.template.spec.containers[0].envFrom[0].secretRef", onlyInstall.field());
        assertEquals(Severity.WARNING, only("SLU007", SECRET + job("migrate", "helm.sh/hook: \"pre-install,pre-upgrade\"", "", USES_SECRET)).severity());
        none("SLU007", SECRET + job("migrate", "helm.sh/hook: pre-upgrade", "", USES_SECRET));
        String copy = SECRET.replace("metadata: {name: db}", "metadata: {name: db, annotations: {helm.sh/hook: pre-install, helm.sh/hook-weight: \"-100\"}}");
        none("SLU007", SECRET + copy + job("migrate", "helm.sh/hook: pre-install", "", USES_SECRET));
    }

    static String hookSecret(String hook, String weight, String policy) {
        return SECRET.replace("metadata: {name: db}", "metadata: {name: db, annotations: {helm.sh/hook: \"" + hook
                + "\", helm.sh/hook-weight: \"" + weight + "\", helm.sh/hook-delete-policy: " + policy + "}}");
    }

    @Test
    void slu007_preInstallHookUsesChartHookHelmRunsLater() {
        String migrate = job("migrate", "helm.sh/hook: \"pre-install,pre-upgrade\", helm.sh/hook-weight: \"-10\"", "", USES_SECRET);
        // Ory's charts: the DSN Secret is a pre-install hook at weight 0, after the migration at -10
        Finding later = only("SLU007", hookSecret("pre-install,pre-upgrade", "0", "before-hook-creation") + migrate);
        assertEquals(Severity.WARNING, later.severity(), "upgrades are fine: the last release's Secret is still there");
        assertTrue(later.message().contains("uses Secret/db, which the hook document 1 Secret/db (weight 0) creates"), later.message());
        assertTrue(later.message().contains("this one (weight -10) comes first, so on a first install this pod cannot start"), later.message());
        assertTrue(later.fix().startsWith("give this hook a weight above 0 (helm.sh/hook-weight: \"1\")"), later.fix());
        // only pre-install: the install fails, an error
        assertEquals(Severity.ERROR, only("SLU007", hookSecret("pre-install", "3", "before-hook-creation")
                + job("migrate", "helm.sh/hook: pre-install, helm.sh/hook-weight: \"-10\"", "", USES_SECRET)).severity());
        // same weight, later by name ("db" after "a-migrate"); earlier by name ("db" before "migrate") is fine
        only("SLU007", hookSecret("pre-install", "0", "before-hook-creation")
                + job("a-migrate", "helm.sh/hook: pre-install", "", USES_SECRET));
        none("SLU007", hookSecret("pre-install", "0", "before-hook-creation") + job("migrate", "helm.sh/hook: pre-install", "", USES_SECRET));
        // weighted after what it uses: fine, also when the Secret is deleted when the hooks succeed (after all of them)
        none("SLU007", hookSecret("pre-install,pre-upgrade", "0", "hook-succeeded")
                + job("migrate", "helm.sh/hook: \"pre-install,pre-upgrade\", helm.sh/hook-weight: \"1\"", "", USES_SECRET));
        // a pre-install-only Secret does not order an upgrade
        none("SLU007", hookSecret("pre-install", "-5", "before-hook-creation")
                + job("migrate", "helm.sh/hook: pre-upgrade, helm.sh/hook-weight: \"-10\"", "", USES_SECRET));
        // made only by a hook of another event: nothing makes it before a first install's pre-install hooks
        Finding otherEvent = only("SLU007", hookSecret("post-install,pre-upgrade", "-50", "before-hook-creation")
                + job("migrate", "helm.sh/hook: pre-install", "", USES_SECRET));
        assertTrue(otherEvent.message().contains("which only the hook document 1 Secret/db (post-install, pre-upgrade) creates"),
                otherEvent.message());
        // on an upgrade, a later hook-succeeded Secret is gone: the last release's was deleted
        Finding upgrade = only("SLU007", hookSecret("pre-upgrade", "5", "hook-succeeded")
                + job("migrate", "helm.sh/hook: pre-upgrade", "", USES_SECRET));
        assertEquals(Severity.ERROR, upgrade.severity());
        assertTrue(upgrade.message().contains("on an upgrade this pod cannot start"), upgrade.message());
    }

    static final String HPA = """
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: worker}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}
              minReplicas: 2
              maxReplicas: 10
            """;

    static String scaler(String name, String hook, String script) {
        return job(name, "helm.sh/hook: " + hook, "", """
                        - name: kubectl
                          image: registry.k8s.io/kubectl:v1.35.0
                          command: [/bin/sh, -c, "%s"]
                """.formatted(script));
    }

    @Test
    void slu008_hpaManagedWorkloadScaledToZeroWithoutRestore() {
        String worker = deployment("worker", "", "");
        Finding f = only("SLU008", worker + HPA + scaler("stop", "pre-upgrade", "kubectl scale deployment/worker --replicas=0"));
        assertTrue(f.message().contains("HorizontalPodAutoscaler/worker"), f.message());
        assertEquals("spec.template.spec.containers[0].command", f.field());
        only("SLU008", worker + HPA + scaler("stop", "pre-upgrade", "kubectl scale deploy -l app=worker --replicas 0 && echo done"));
        none("SLU008", worker + HPA + scaler("stop", "pre-upgrade", "kubectl scale deployment/worker --replicas=0")
                + scaler("start", "post-upgrade", "kubectl scale deployment/worker --replicas=$SAVED"));
        none("SLU008", worker.replace("  selector:", "  replicas: 3\n  selector:") + HPA
                + scaler("stop", "pre-upgrade", "kubectl scale deployment/worker --replicas=0"));
        none("SLU008", worker + HPA + scaler("stop", "pre-upgrade", "kubectl scale deployment/other --replicas=0"));
    }

    static String sluiceJob(String deadline) {
        return job("api-migrate-abc", "sluice.dev/generated: shop", "  activeDeadlineSeconds: " + deadline + "\n", MIGRATE)
                .replace("  name: api-migrate-abc\n", "  name: api-migrate-abc\n  labels: {sluice.dev/role: migration}\n");
    }

    @Test
    void slu009_gateTimeoutShorterThanMigrationDeadline() {
        Finding f = only("SLU009", deployment("api", "", SLUICE_GATE) + sluiceJob("1800"));
        assertEquals("spec.template.spec.initContainers[0].env.SLUICE_TIMEOUT", f.field());
        assertTrue(f.fix().contains("spec.wait.timeoutSeconds") && f.fix().contains("1800"), f.fix());
        none("SLU009", deployment("api", "", SLUICE_GATE) + sluiceJob("900"));
        Finding classic = only("SLU009", deployment("api", "", classicGate("migrate", "")) + job("migrate", "", "  activeDeadlineSeconds: 600\n", MIGRATE));
        assertTrue(classic.message().contains("30s (kubectl wait's default --timeout)"), classic.message());
        none("SLU009", deployment("api", "", classicGate("migrate", ", --timeout=10m")) + job("migrate", "", "  activeDeadlineSeconds: 600\n", MIGRATE));
    }

    @Test
    void slu010_migrationJobWithSidecarThatNeverExits() {
        String proxy = MIGRATE + """
                    - name: cloud-sql-proxy
                      image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0
            """;
        Finding f = only("SLU010", job("migrate", "helm.sh/hook: pre-upgrade", "", proxy));
        assertEquals("spec.template.spec.containers[1]", f.field());
        only("SLU010", sluiceJob("900").replace("    spec:\n      restartPolicy", "    metadata: {annotations: {sidecar.istio.io/inject: \"true\"}}\n    spec:\n      restartPolicy"));
        none("SLU010", sluiceJob("900").replace("    spec:\n      restartPolicy", "    metadata: {annotations: {sidecar.istio.io/inject: \"false\"}}\n    spec:\n      restartPolicy"));
        none("SLU010", job("migrate", "helm.sh/hook: pre-upgrade", "", MIGRATE));
        none("SLU010", job("batch", "", "", proxy));
    }

    /** The README's mesh opt-in: a migration pod in the mesh with the mesh's native-sidecar mode completes. */
    @Test
    void slu010_meshWithItsNativeSidecarModeIsAccepted() {
        Finding istio = only("SLU010", podMeta("{annotations: {sidecar.istio.io/inject: \"true\"}}"));
        assertEquals("spec.template.metadata.annotations.sidecar.istio.io/inject", istio.field());
        assertTrue(istio.fix().contains("sidecar.istio.io/nativeSidecar: \"true\""), istio.fix());
        none("SLU010", podMeta("{annotations: {sidecar.istio.io/inject: \"true\", sidecar.istio.io/nativeSidecar: \"true\"}}"));
        none("SLU010", podMeta("{labels: {sidecar.istio.io/inject: \"true\"}, annotations: {sidecar.istio.io/nativeSidecar: \"true\"}}"));
        only("SLU010", podMeta("{annotations: {sidecar.istio.io/inject: \"true\", sidecar.istio.io/nativeSidecar: \"false\"}}"));
        // one mesh's native mode does not excuse the other mesh's proxy
        only("SLU010", podMeta("{annotations: {sidecar.istio.io/inject: \"true\", config.beta.linkerd.io/proxy-enable-native-sidecar: \"true\"}}"));

        Finding linkerd = only("SLU010", podMeta("{annotations: {linkerd.io/inject: enabled}}"));
        assertEquals("spec.template.metadata.annotations.linkerd.io/inject", linkerd.field());
        assertTrue(linkerd.message().contains("linkerd-proxy, which never exits"), linkerd.message());
        assertTrue(linkerd.fix().contains("config.beta.linkerd.io/proxy-enable-native-sidecar: \"true\""), linkerd.fix());
        none("SLU010", podMeta("{annotations: {linkerd.io/inject: enabled, config.beta.linkerd.io/proxy-enable-native-sidecar: \"true\"}}"));
        none("SLU010", podMeta("{annotations: {linkerd.io/inject: disabled}}"));
    }

    /** sluice's migration Job with this pod template metadata. */
    static String podMeta(String metadata) {
        return sluiceJob("900").replace("    spec:\n      restartPolicy", "    metadata: " + metadata + "\n    spec:\n      restartPolicy");
    }

    /** An app whose pods wait for Job api-migrate-abc, fill an emptyDir in an init container and run a native sidecar proxy. */
    static final String APP = """
            ---
            # Source: shop/templates/api.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  initContainers:
                    - name: sluice-wait
                      image: registry.k8s.io/kubectl:v1.35.0
                      env: [{name: SLUICE_JOB, value: api-migrate-abc}]
                      volumeMounts: [{name: sluice-tmp, mountPath: /tmp}]
                    - name: prepare-base-dir
                      image: ghcr.io/example/shop:1.0
                      command: [sh, -c, cp -a /app/. /base/]
                      volumeMounts: [{name: data, mountPath: /base}]
                    - name: cloud-sql-proxy
                      image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0
                      restartPolicy: Always
                  containers:
                    - name: api
                      image: ghcr.io/example/shop:1.0
                      env: [{name: DATABASE_URL, valueFrom: {secretKeyRef: {name: shop, key: url}}}]
                      envFrom: [{configMapRef: {name: shop-env}}]
                      volumeMounts: [{name: data, mountPath: /app, subPath: app}]
                  volumes:
                    - {name: data, emptyDir: {}}
                    - {name: sluice-tmp, emptyDir: {}}
            """;

    /** The migration Job of APP, faithful: the filler and the sidecar come along; lines can be taken out or changed. */
    static final String MIGRATION_JOB = """
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: api-migrate-abc
              annotations: {sluice.dev/generated: shop}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  initContainers:
                    - name: prepare-base-dir
                      image: ghcr.io/example/shop:1.0
                      command: [sh, -c, cp -a /app/. /base/]
                      volumeMounts: [{name: data, mountPath: /base}]
                    - name: cloud-sql-proxy
                      image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0
                      restartPolicy: Always
                    - name: migrate
                      image: ghcr.io/example/shop:1.0
                      command: [bin/console, doctrine:migrations:migrate, -n]
                      env: [{name: DATABASE_URL, valueFrom: {secretKeyRef: {name: shop, key: url}}}]
                      envFrom: [{configMapRef: {name: shop-env}}]
                      volumeMounts: [{name: data, mountPath: /app, subPath: app}]
                  containers:
                    - name: record
                      image: registry.k8s.io/kubectl:v1.35.0
                      command: [sh, -c, record]
                  volumes:
                    - {name: data, emptyDir: {}}
            """;

    static String without(String yaml, String name) {
        int at = yaml.indexOf("        - name: " + name + "\n");
        int end = yaml.indexOf("        - name: ", at + 1);
        return yaml.substring(0, at) + yaml.substring(end);
    }

    @Test
    void slu011_migrationJobFaithfulToItsAppPod() {
        none("SLU011", APP + MIGRATION_JOB);
        assertEquals(Severity.WARNING, new MigrationPodDiffers().severity());
    }

    @Test
    void slu011_initContainerThatFillsAMountedVolumeMissing() {
        Finding f = only("SLU011", APP + without(MIGRATION_JOB, "prepare-base-dir"));
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("Job/api-migrate-abc", f.resource().kindName());
        assertEquals("spec.template.spec.initContainers[1].volumeMounts[0]", f.field());
        assertTrue(f.message().equals("volume data (emptyDir) that container migrate mounts at /app is filled in the pods of Deployment/api"
                + " by init container prepare-base-dir, which this Job lacks: the migration finds it empty"), f.message());
        assertTrue(f.fix().startsWith("run prepare-base-dir, with the volumes it mounts, as an init container of this Job"), f.fix());
        // a filler that only reads the volume, or fills a ConfigMap volume, is no reason
        none("SLU011", APP.replace("volumeMounts: [{name: data, mountPath: /base}]", "volumeMounts: [{name: data, mountPath: /base, readOnly: true}]")
                + without(MIGRATION_JOB, "prepare-base-dir"));
        none("SLU011", APP.replace("{name: data, emptyDir: {}}", "{name: data, configMap: {name: files}}")
                + without(MIGRATION_JOB, "prepare-base-dir"));
    }

    @Test
    void slu011_nativeSidecarDropped() {
        Finding f = only("SLU011", APP + without(MIGRATION_JOB, "cloud-sql-proxy"));
        assertEquals("spec.template.spec.initContainers", f.field());
        assertTrue(f.message().startsWith("native sidecar cloud-sql-proxy (gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0, a proxy)"
                + " of the pods of Deployment/api is not in this Job"), f.message());
        assertTrue(f.fix().contains("restartPolicy: Always"), f.fix());
        // a plain init container that writes nothing the migration mounts is not needed
        none("SLU011", APP.replace("restartPolicy: Always\n", "command: [true]\n") + without(MIGRATION_JOB, "cloud-sql-proxy"));
    }

    @Test
    void slu011_noEnvAndNoEnvFrom() {
        String bare = MIGRATION_JOB.replaceAll("(?m)^ *env: \\[\\{name: DATABASE_URL.*\n", "").replaceAll("(?m)^ *envFrom: .*\n", "");
        Finding f = only("SLU011", APP + bare);
        assertEquals("spec.template.spec.initContainers[2]", f.field());
        assertTrue(f.message().equals("container migrate has no env and no envFrom, but container api of Deployment/api, which runs the same"
                + " image, has 1 env and 1 envFrom: the migration has none of the app's database settings"), f.message());
        assertEquals("inherit from that container: spec.migration.from: {workload: api, container: api} in the plan", f.fix());
        // env alone is enough
        none("SLU011", APP + MIGRATION_JOB.replaceAll("(?m)^ *envFrom: .*\n", ""));
    }

    @Test
    void slu011_migrationInAProxyOrWebServerImage() {
        String nginx = MIGRATION_JOB.replace("- name: migrate\n          image: ghcr.io/example/shop:1.0",
                "- name: migrate\n          image: docker.io/nginxinc/nginx-unprivileged:1.27");
        assertTrue(nginx.contains("nginx-unprivileged"), nginx);
        Finding f = only("SLU011", APP + nginx);
        assertEquals("spec.template.spec.initContainers[2].image", f.field());
        assertTrue(f.message().startsWith("container migrate runs the migration in docker.io/nginxinc/nginx-unprivileged:1.27, the image of"
                + " nginx (a web server)"), f.message());
        assertTrue(f.fix().contains("(api of Deployment/api)"), f.fix());
        // a database client image is a fine place for a migration (psql -f)
        none("SLU011", APP + nginx.replace("docker.io/nginxinc/nginx-unprivileged:1.27", "postgres:16"));
    }

    @Test
    void slu011_chartHookJobThatMigratesWithoutSluice() {
        String app = APP.replaceAll("(?s)  initContainers:.*?  containers:", "  containers:");
        String hook = job("db-migrate", "helm.sh/hook: pre-upgrade", "", """
                        - name: migrate
                          image: ghcr.io/example/shop:1.0
                          command: [bin/console, doctrine:migrations:migrate]
                """);
        Finding f = only("SLU011", app + hook);
        assertEquals("Job/db-migrate", f.resource().kindName());
        assertTrue(f.message().startsWith("container migrate has no env and no envFrom"), f.message());
        none("SLU011", app + hook.replace("doctrine:migrations:migrate", "cache:warmup"));
        none("SLU011", app + hook.replace("ghcr.io/example/shop:1.0", "ghcr.io/example/tools:1.0"));
        none("SLU011", app + hook.replace("helm.sh/hook: pre-upgrade", ""));
    }

    @Test
    void knownImagesOneListForInitAndCheck() {
        assertEquals(KnownImages.Role.WEB_SERVER, KnownImages.ofImage("nginx:1.27").orElseThrow().role());
        assertEquals(KnownImages.Role.WEB_SERVER, KnownImages.ofImage("docker.io/bitnami/apache:2.4").orElseThrow().role());
        assertEquals(KnownImages.Role.PROXY, KnownImages.ofImage("docker.io/istio/proxyv2:1.24.0").orElseThrow().role());
        assertEquals(KnownImages.Role.PROXY, KnownImages.ofImage("gcr.io/cloudsql-docker/gce-proxy:1.33").orElseThrow().role());
        assertEquals(KnownImages.Role.PROXY, KnownImages.ofImage("quay.io/oauth2-proxy/oauth2-proxy@sha256:abc").orElseThrow().role());
        assertEquals(KnownImages.Role.AGENT, KnownImages.ofImage("hipages/php-fpm_exporter:2.2.0").orElseThrow().role());
        assertEquals(KnownImages.Role.AGENT, KnownImages.ofImage("prometheuscommunity/postgres-exporter").orElseThrow().role());
        assertEquals(KnownImages.Role.DATABASE, KnownImages.ofImage("docker.io/bitnami/postgresql:16").orElseThrow().role());
        for (String app : new String[]{"php:8.3-fpm", "ghcr.io/mastodon/mastodon:v4.6.3", "docker.io/bitnami/ghost:6", "oryd/hydra-maester",
                "registry.example/nginxlike-app:1", "localhost:5000/shop", "envoyage/app"}) {
            assertTrue(KnownImages.ofImage(app).isEmpty(), app);
        }
        var byName = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("name", "istio-proxy").put("image", "x/y:1");
        assertEquals("istio-proxy", KnownImages.of(byName).orElseThrow().word());
        byName.put("name", "postgres-migrator");
        assertTrue(KnownImages.of(byName).isEmpty(), "a name never says database");
    }

    @Test
    void everyRuleHasAnIdASeverityAndASummary() {
        List<String> ids = Checks.RULES.stream().map(Rule::id).toList();
        assertEquals(List.of("SLU001", "SLU002", "SLU003", "SLU004", "SLU005", "SLU006", "SLU007", "SLU008", "SLU009", "SLU010", "SLU011",
                "SLU012"), ids);
        Checks.RULES.forEach(r -> assertTrue(r.summary().length() > 20, r.id()));
    }

    @Test
    void slu012_theChartsOwnMigrationHookIsNamed() {
        Finding f = only("SLU012", deployment("api", "", "")
                + job("api-migrate", "helm.sh/hook: \"pre-install,pre-upgrade\", helm.sh/hook-weight: \"1\"", "", MIGRATE));
        assertEquals(Severity.INFO, f.severity());
        assertEquals("Job/api-migrate (pre-install, pre-upgrade hook, weight 1) runs `bin/migrate` in container migrate: the"
                + " chart's own migration; no sluice gate waits for it", f.message());
        assertEquals("to gate the app on it, adopt it in a plan: spec.migration.adopt: {job: api-migrate}", f.fix());
        // not a hook: a release object, no chart migration in Helm's sense
        none("SLU012", job("api-migrate", "", "", MIGRATE));
        // a hook Job that does not migrate
        none("SLU012", job("api-smoke", "helm.sh/hook: post-upgrade", "", MIGRATE.replace("bin/migrate", "bin/smoke-test")));
        // a hook Job that only waits for a migration does not migrate
        none("SLU012", job("api-after", "helm.sh/hook: post-upgrade", "", """
                        - name: wait
                          image: registry.k8s.io/kubectl:v1.35.0
                          command: [kubectl, wait, --for=condition=complete, job/api-migrate]
                """));
    }

    @Test
    void slu012_twoMigrationsInOneStreamSayWhichAndHowToAdopt() {
        String sluices = """
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: api-sluice-migrate
                  labels: {sluice.dev/role: migration}
                  annotations: {sluice.dev/generated: api}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: done, image: busybox}]
                """;
        Finding f = only("SLU012", job("api-migrate", "helm.sh/hook: pre-upgrade", "", MIGRATE) + sluices);
        assertTrue(f.message().endsWith("sluice's Job/api-sluice-migrate migrates too: two migrations run in one upgrade"),
                f.message());
        assertTrue(f.fix().startsWith("let sluice adopt it instead of running its own: spec.migration.adopt: {job: api-migrate}"),
                f.fix());
        Finding adopted = only("SLU012", job("api-migrate", "helm.sh/hook: pre-upgrade, sluice.dev/adopted-by: api", "", MIGRATE));
        assertTrue(adopted.message().endsWith("adopted by plan api: the gates wait for it and the record keeps its success"),
                adopted.message());
    }
}
