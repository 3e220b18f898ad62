package dev.sluice.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A command that migrates a database schema: {@code migrate}, {@code db:migrate}, {@code doctrine:migrations:migrate},
 * {@code liquibase update}, {@code flyway migrate}, {@code alembic upgrade}, Ory's {@code migrate sql},
 * {@code db:prepare}... The one reading of "this container migrates" that {@code sluice check}, the weave and
 * {@code sluice init} share. A container that only waits for a migration ({@code kubectl wait ... job/x-migrate}) does not
 * migrate.
 */
public final class Migrates {
    /** On a chart's migration Job that a plan adopted: the plan's name. */
    /** Words of a migration command line. */
    static final Pattern WORDS = Pattern.compile("(?i)migrat|liquibase|flyway|alembic|db:prepare|db:setup|schema");

    private Migrates() {
    }

    /** True when the container's command and args migrate (and it is not a wait for a migration). */
    public static boolean command(JsonNode container) {
        return WORDS.matcher(Gate.commandLine(container)).find() && Gate.waitsForMigration(container).isEmpty();
    }

    /**
     * A chart's own migration: a Helm hook Job, not sluice's, whose container (or init container) migrates.
     *
     * @param job       the hook Job
     * @param container the container that migrates
     * @param command   its command line, as it reads
     * @param hook      its hook annotations as Helm reads them
     */
    public record ChartMigration(Resource job, String container, String command, Hook hook) {
        /** "Job/rel-kratos-automigrate (pre-install, pre-upgrade hook, weight 1) runs `kratos migrate sql ...`". */
        public String describe() {
            String shown = command.replaceAll("\\s+", " ").strip();
            return "Job/" + job.name() + " (" + String.join(", ", hook.events()) + " hook, weight " + hook.weight()
                    + ") runs `" + (shown.length() > 80 ? shown.substring(0, 77) + "..." : shown) + "` in container " + container;
        }

        /** True when Helm runs it on upgrades and on a first install both. */
        public boolean installAndUpgrade() {
            return hook.events().contains("pre-install") && hook.events().contains("pre-upgrade");
        }
    }

    /** The chart's migration hooks of a stream, in stream order. */
    public static List<ChartMigration> inChart(List<Document> docs) {
        List<Document> hooks = docs.stream().filter(d -> !d.empty() && d.mentions(Keys.HOOK)).toList();
        List<ChartMigration> out = new ArrayList<>();
        for (Resource r : Resource.all(hooks)) {
            of(r).ifPresent(out::add);
        }
        return out;
    }

    /** The resource as a chart migration: a hook Job of the chart whose first migrating container is named. */
    public static Optional<ChartMigration> of(Resource r) {
        if (!r.kind().equals("Job") || r.generatedBySluice()) {
            return Optional.empty();
        }
        Optional<Hook> hook = r.hook();
        if (hook.isEmpty()) {
            return Optional.empty();
        }
        for (String field : new String[]{"initContainers", "containers"}) {
            for (JsonNode c : r.podSpec().path(field)) {
                if (command(c)) {
                    return Optional.of(new ChartMigration(r, c.path("name").asText(""), Gate.commandLine(c), hook.get()));
                }
            }
        }
        return Optional.empty();
    }
}
