package dev.sluice.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.PlanResolver;
import dev.sluice.plan.Workload;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code sluice init}: a first sluice.yaml guessed from a rendered stream. The app is the first
 * Deployment; its targets are the Deployments, StatefulSets and CronJobs that run the same image
 * repository or share its app.kubernetes.io/part-of; the migration inherits from its first container
 * of that image. The command is left empty on purpose: sluice refuses the plan, saying what to write.
 */
public final class StarterPlan {
    static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "CronJob");
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String COMPONENT = "app.kubernetes.io/component";

    private StarterPlan() {
    }

    public static String write(List<Document> docs) {
        List<Workload> workloads = PlanResolver.workloads(docs).stream().filter(w -> KINDS.contains(w.kind()) && !w.hook()).toList();
        Workload app = workloads.stream().filter(w -> w.kind().equals("Deployment")).findFirst()
                .orElse(workloads.isEmpty() ? null : workloads.get(0));
        if (app == null) {
            throw new PlanException("the stream has no Deployment, StatefulSet or CronJob (hooks do not count), so there is"
                    + " nothing to gate; give sluice init the output of helm template for the chart");
        }
        String repository = repository(firstImage(app));
        String partOf = app.labels().path(PART_OF).asText("");
        List<Workload> targets = new ArrayList<>();
        for (Workload w : workloads) {
            boolean sameImage = !repository.isEmpty() && containers(w).stream().anyMatch(c -> repository(c.path("image").asText("")).equals(repository));
            boolean samePart = !partOf.isEmpty() && w.labels().path(PART_OF).asText("").equals(partOf);
            if (w == app || sameImage || samePart) {
                targets.add(w);
            }
        }
        String container = containers(app).stream().filter(c -> repository(c.path("image").asText("")).equals(repository))
                .map(c -> c.path("name").asText()).findFirst().orElse(app.containerNames().get(0));

        StringBuilder out = new StringBuilder();
        out.append("# sluice.yaml: a starting MigrationPlan, written by `sluice init` from ")
                .append(docs.stream().filter(d -> !d.empty()).count()).append(" rendered documents.\n");
        out.append("# Check the guesses, write the migration command (sluice refuses this plan until then), and see\n");
        out.append("# what an upgrade will do:  helm template <release> <chart> | sluice plan -c sluice.yaml\n");
        out.append("# Every field: `sluice schema` (JSON Schema), and the README's \"The plan\".\n");
        out.append("apiVersion: sluice.dev/v1alpha1\n");
        out.append("kind: MigrationPlan\n");
        out.append("metadata:\n");
        out.append("  name: ").append(planName(app, partOf)).append('\n');
        out.append("spec:\n");
        out.append("  # Guessed: ").append(app.kind()).append(' ').append(app.name()).append(" and the workloads that run its image");
        out.append(repository.isEmpty() ? "" : " (" + repository + ")");
        out.append(partOf.isEmpty() ? "" : " or are part of " + partOf).append(".\n");
        out.append("  # Rendered names depend on the release name");
        String component = app.labels().path(COMPONENT).asText("");
        if (!partOf.isEmpty() && !component.isEmpty()) {
            out.append("; a selector on release-independent labels does not:\n");
            out.append("  #   - selector: {matchLabels: {").append(PART_OF).append(": ").append(partOf).append(", ")
                    .append(COMPONENT).append(": ").append(component).append("}}\n");
        } else {
            out.append(" (a target may use a selector: {matchLabels: {...}} instead).\n");
        }
        out.append("  targets:\n");
        for (Workload t : targets) {
            out.append("    - name: ").append(t.name()).append('\n');
            out.append("      kind: ").append(t.kind()).append('\n');
        }
        out.append("  strategy: rolling            # old pods keep serving while the migration runs\n");
        out.append("  migration:\n");
        out.append("    # The migration Job inherits image, env, envFrom, volumes, pull secrets, service account and\n");
        out.append("    # security context from this container.\n");
        out.append("    from: {workload: ").append(app.name()).append(", container: ").append(container).append("}\n");
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
        out.append("  wait:\n");
        out.append("    timeoutSeconds: 900          # how long new pods wait for it; keep >= activeDeadlineSeconds\n");
        out.append("  rollout: {maxSurge: 25%}       # maxUnavailable is always 0\n");
        return out.toString();
    }

    private static List<JsonNode> containers(Workload w) {
        List<JsonNode> out = new ArrayList<>();
        w.podSpec().path("containers").forEach(out::add);
        return out;
    }

    private static String firstImage(Workload w) {
        List<JsonNode> cs = containers(w);
        return cs.isEmpty() ? "" : cs.get(0).path("image").asText("");
    }

    /** registry/path/name without :tag or @digest. */
    static String repository(String image) {
        String repo = image;
        int at = repo.indexOf('@');
        if (at >= 0) {
            repo = repo.substring(0, at);
        }
        int colon = repo.lastIndexOf(':');
        if (colon > repo.lastIndexOf('/')) {
            repo = repo.substring(0, colon);
        }
        return repo;
    }

    private static String planName(Workload app, String partOf) {
        for (String candidate : new String[]{partOf, app.labels().path("app.kubernetes.io/name").asText(""), app.name()}) {
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
