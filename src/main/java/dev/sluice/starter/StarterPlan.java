package dev.sluice.starter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kube.Keys;
import dev.sluice.kube.KnownImages;
import dev.sluice.kube.Migrates;
import dev.sluice.plan.Workload;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code sluice init}: a first sluice.yaml guessed from a rendered stream. The source of the migration is the
 * container that carries the database configuration (database-like setting names, env from Secrets and
 * ConfigMaps), never a proxy, web server, agent or database server ({@link KnownImages}), in the release's own
 * workloads before its subcharts'; its targets are every workload that runs the same image repository (or shares
 * its app.kubernetes.io/part-of). The command is left empty on purpose: sluice refuses the plan, saying what to write.
 */
public final class StarterPlan {
    static final List<String> KINDS = List.of("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");

    private StarterPlan() {
    }

    public static String write(List<Document> docs) {
        Guess guess = Guess.of(docs);
        Workload app = guess.app();
        String container = guess.container();
        String repository = guess.repository();
        String partOf = app.labels().path(Keys.APP_PART_OF).asText("");
        Optional<AppContainer> chosen = guess.source();
        List<Workload> targets = guess.targets();
        List<Workload> sameDatabase = guess.sameDatabase();
        List<Workload> subcharts = guess.subcharts();
        List<AppContainer> notTheApp = guess.notTheApp();
        List<Migrates.ChartMigration> chartMigrations = Migrates.inChart(docs);
        boolean helm4 = docs.stream().anyMatch(d -> !d.empty() && d.mentions(Keys.HELM4_FILENAME)
                && d.metadata().path("annotations").has(Keys.HELM4_FILENAME));
        // where hooks run (Helm 4 input), the chart's own migration run on install and upgrade is adopted, not doubled
        Optional<Migrates.ChartMigration> adopt = helm4 ? chartMigrations.stream()
                .filter(Migrates.ChartMigration::installAndUpgrade).findFirst() : Optional.empty();
        StringBuilder out = new StringBuilder();
        out.append("# sluice.yaml: a starting MigrationPlan, written by `sluice init` from ")
                .append(docs.stream().filter(d -> !d.empty()).count()).append(" rendered documents.\n");
        out.append(adopt.isPresent() ? "# Check the guesses (this plan adopts the chart's own migration Job), and see\n"
                : "# Check the guesses, write the migration command (sluice refuses this plan until then), and see\n");
        out.append("# what an upgrade will do:  helm template <release> <chart> | sluice plan -c sluice.yaml\n");
        out.append("# Every field: `sluice schema` (JSON Schema), and the README's \"The plan\".\n");
        out.append("apiVersion: sluice.dev/v1alpha1\n");
        out.append("kind: MigrationPlan\n");
        out.append("metadata:\n");
        out.append("  name: ").append(scalar(planName(app, partOf))).append('\n');
        out.append("spec:\n");
        out.append("  # Guessed: ").append(app.kind()).append(' ').append(app.name()).append(" and the workloads that run its image");
        out.append(repository.isEmpty() ? "" : " (" + repository + ")");
        out.append(partOf.isEmpty() ? "" : " or are part of " + partOf).append(".\n");
        if (!subcharts.isEmpty()) {
            out.append("  # Left out, from subcharts: ").append(kindNames(subcharts)).append(".\n");
        }
        out.append("  # Rendered names depend on the release name");
        String component = app.labels().path(Keys.APP_COMPONENT).asText("");
        if (!partOf.isEmpty() && !component.isEmpty()) {
            out.append("; a selector on release-independent labels does not:\n");
            out.append("  #   - selector: {matchLabels: {").append(Keys.APP_PART_OF).append(": ").append(scalar(partOf)).append(", ")
                    .append(Keys.APP_COMPONENT).append(": ").append(scalar(component)).append("}}\n");
        } else {
            out.append(" (a target may use a selector: {matchLabels: {...}} instead).\n");
        }
        out.append("  targets:\n");
        for (Workload t : targets) {
            out.append("    - name: ").append(scalar(t.name())).append('\n');
            out.append("      kind: ").append(t.kind()).append('\n');
        }
        if (!sameDatabase.isEmpty()) {
            out.append("    # These run another image but read database settings too; add them if they must not run\n");
            out.append("    # on the old schema:\n");
            for (Workload w : sameDatabase) {
                out.append("    # - name: ").append(scalar(w.name())).append('\n');
                out.append("    #   kind: ").append(w.kind()).append('\n');
            }
        }
        out.append("  strategy: rolling            # old pods keep serving while the migration runs\n");
        out.append("  migration:\n");
        out.append("    # The migration Job inherits image, env, envFrom and volumes from this container, and its pod is a\n");
        out.append("    # copy of this container's pod (see pod: below).\n");
        if (chosen.isPresent()) {
            out.append("    # Chosen: ").append(container).append(" (").append(chosen.get().reason()).append(")");
        } else {
            out.append("    # No container looked like the app (all are proxies, web servers, agents or databases): check this");
        }
        List<String> skipped = notTheApp.stream().filter(c -> c.workload() == app)
                .map(c -> c.name() + " (" + c.known().orElseThrow().role().words() + ")").toList();
        out.append(".\n");
        if (!skipped.isEmpty()) {
            out.append("    # Not: ").append(String.join(", ", skipped)).append(".\n");
        }
        out.append("    from: {workload: ").append(scalar(app.name())).append(", container: ").append(scalar(container)).append("}\n");
        for (Migrates.ChartMigration m : chartMigrations) {
            out.append("    # The chart runs its own migration: ").append(m.describe().replace(" runs `", "\n    #   runs `")).append(".\n");
        }
        if (adopt.isPresent()) {
            String job = adopt.get().job().name();
            out.append("    # Adopted: the targets wait for ").append(job).append(" and sluice runs no second migration (hooks must run:\n");
            out.append("    # Helm 4, Argo CD). Under Helm 3 or kubectl apply, replace adopt with the command that migrates:\n");
            out.append("    #   command: ").append(flow(adopt.get())).append('\n');
            out.append("    adopt: {job: ").append(scalar(job)).append("}\n");
            out.append("  wait:\n");
            out.append("    timeoutSeconds: 900          # how long new pods wait for it\n");
            out.append("  rollout: {maxSurge: 25%}       # maxUnavailable is always 0\n");
            return out.toString();
        }
        if (!chartMigrations.isEmpty()) {
            // the one run before an upgrade's new pods, if any: that is what this plan's migration replaces
            Migrates.ChartMigration m = chartMigrations.stream().filter(c -> c.hook().events().contains("pre-upgrade")).findFirst()
                    .orElse(chartMigrations.get(0));
            out.append("    # Its command, as this plan's: ").append(flow(m)).append('\n');
            if (!helm4 && m.installAndUpgrade()) {
                out.append("    # Where hooks run (Helm 4, Argo CD), spec.migration.adopt: {job: ").append(scalar(m.job().name()))
                        .append("} gates on the chart's Job instead.\n");
            }
        }
        out.append("    # TODO: the command that migrates the database, in exec form, for example:\n");
        out.append("    #   Doctrine        [bin/console, doctrine:migrations:migrate, --no-interaction, --allow-no-migration]\n");
        out.append("    #   Rails           [bin/rails, db:migrate]\n");
        out.append("    #   Django          [python, manage.py, migrate, --noinput]\n");
        out.append("    #   Alembic         [alembic, upgrade, head]\n");
        out.append("    #   Flyway          [flyway, migrate]\n");
        out.append("    #   Liquibase       [liquibase, update]\n");
        out.append("    #   golang-migrate  [migrate, -path, /migrations, -database, $(DATABASE_URL), up]\n");
        out.append("    #   Ory Kratos      [kratos, migrate, sql, -e, --yes]\n");
        out.append("    command: []\n");
        out.append("    backoffLimit: 0              # a failed migration is not retried\n");
        out.append("    activeDeadlineSeconds: 900   # the migration's time limit\n");
        podHint(out, app);
        out.append("  wait:\n");
        out.append("    timeoutSeconds: 900          # how long new pods wait for it; keep >= activeDeadlineSeconds\n");
        out.append("  rollout: {maxSurge: 25%}       # maxUnavailable is always 0\n");
        return out.toString();
    }

    /**
     * A commented spec.migration.pod: the migration pod inherits the source pod (scheduling, DNS, service account,
     * labels, annotations, the init containers it needs), and this is where a plan changes that. Uncommented as is,
     * it is a valid plan (its init containers are the source pod's own).
     */
    private static void podHint(StringBuilder out, Workload app) {
        List<String> inits = new ArrayList<>();
        app.podSpec().path("initContainers").forEach(c -> inits.add(scalar(c.path("name").asText(""))));
        out.append("    # The migration pod is a copy of the source pod: scheduling, DNS, service account, labels and\n");
        out.append("    # annotations, the init containers and native sidecars the migration needs (README \"The migration\n");
        out.append("    # pod\"; `sluice plan` lists what it kept). To change it:\n");
        out.append("    # pod:\n");
        out.append("    #   labels: {db-access: \"true\"}             # added to the inherited labels (a key here wins)\n");
        out.append("    #   removeAnnotations: [prometheus.io/scrape]\n");
        if (!inits.isEmpty()) {
            out.append("    #   # instead of sluice's choice, the source pod's init containers to run, by name:\n");
            out.append("    #   initContainers: [").append(String.join(", ", inits)).append("]\n");
        }
        out.append("    #   nodeSelector: {pool: batch}             # replaces the inherited value ({} = none)\n");
    }

    /** registry/path/name without :tag or @digest. */
    static String repository(String image) {
        return KnownImages.repository(image);
    }

    /** The chart Job's migrating container's command and args, as one exec-form flow list. */
    private static String flow(Migrates.ChartMigration m) {
        List<String> words = new java.util.ArrayList<>();
        for (String field : new String[]{"initContainers", "containers"}) {
            for (com.fasterxml.jackson.databind.JsonNode c : m.job().podSpec().path(field)) {
                if (c.path("name").asText("").equals(m.container())) {
                    c.path("command").forEach(w -> words.add(scalar(w.asText())));
                    c.path("args").forEach(w -> words.add(scalar(w.asText())));
                    return "[" + String.join(", ", words) + "]";
                }
            }
        }
        return "[]";
    }

    private static String kindNames(List<Workload> ws) {
        return String.join(", ", ws.stream().map(w -> w.kind() + " " + w.name()).toList());
    }

    /** A name as YAML (and kubectl) reads it back as that string: plain when safe, else double-quoted. */
    static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String planName(Workload app, String partOf) {
        for (String candidate : new String[]{app.labels().path(Keys.APP_NAME).asText(""), partOf, app.name()}) {
            String name = candidate.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
            if (name.length() > 40) {
                name = name.substring(0, 40).replaceAll("-+$", "");
            }
            if (!name.isEmpty()) {
                return name;
            }
        }
        return "app";
    }
}
