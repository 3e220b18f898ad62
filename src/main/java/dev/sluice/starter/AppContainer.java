package dev.sluice.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.kube.KnownImages;
import dev.sluice.plan.Workload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A container of a workload, weighed as the source of a migration: how much of the database configuration
 * it carries (names of settings and of the Secrets and ConfigMaps they come from; never their values).
 *
 * @param workload   its workload
 * @param container  the container
 * @param known      what it is when it is a proxy, web server, agent or database server: never the source
 * @param dbSettings database-like setting names it reads (DATABASE_URL, DSN, DB_HOST, POSTGRES_*...), from env
 *                   or from the ConfigMaps and Secrets of its envFrom
 * @param secrets    Secrets its env or envFrom reads
 * @param configMaps ConfigMaps its env or envFrom reads
 */
record AppContainer(Workload workload, JsonNode container, Optional<KnownImages.Known> known, Set<String> dbSettings,
                    Set<String> secrets, Set<String> configMaps) {
    /** Setting names that say "database": whole words of an env name, or libpq's PG* variables. */
    static final Pattern DB_SETTING = Pattern.compile(
            "(?:^|.*_)(?:DATABASE|DATASOURCE|DB|DSN|JDBC|SQL|POSTGRES|POSTGRESQL|PG|MYSQL|MARIADB|MONGO|MONGODB)(?:_.*|$)"
                    + "|PG(?:HOST|PORT|USER|PASSWORD|DATABASE|SSLMODE|PASSFILE|SERVICE)");

    /**
     * @param keysOf the data keys of each ConfigMap and Secret in the stream, by "ConfigMap/name" or "Secret/name"
     */
    static AppContainer of(Workload workload, JsonNode container, Map<String, Set<String>> keysOf) {
        Set<String> db = new LinkedHashSet<>();
        Set<String> secrets = new LinkedHashSet<>();
        Set<String> configMaps = new LinkedHashSet<>();
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText("");
            if (isDbSetting(name)) {
                db.add(name);
            }
            JsonNode from = e.path("valueFrom");
            addName(secrets, from.path("secretKeyRef"));
            addName(configMaps, from.path("configMapKeyRef"));
        }
        for (JsonNode e : container.path("envFrom")) {
            String prefix = e.path("prefix").asText("");
            for (String kind : new String[]{"Secret", "ConfigMap"}) {
                JsonNode ref = e.path(kind.equals("Secret") ? "secretRef" : "configMapRef");
                String name = ref.path("name").asText("");
                if (name.isEmpty()) {
                    continue;
                }
                (kind.equals("Secret") ? secrets : configMaps).add(name);
                for (String key : keysOf.getOrDefault(kind + "/" + name, Set.of())) {
                    if (isDbSetting(prefix + key)) {
                        db.add(prefix + key);
                    }
                }
            }
        }
        return new AppContainer(workload, container, KnownImages.of(container), db, secrets, configMaps);
    }

    static boolean isDbSetting(String name) {
        return DB_SETTING.matcher(name.toUpperCase(Locale.ROOT)).matches();
    }

    private static void addName(Set<String> names, JsonNode ref) {
        String name = ref.path("name").asText("");
        if (!name.isEmpty()) {
            names.add(name);
        }
    }

    String name() {
        return container.path("name").asText("");
    }

    String repository() {
        return KnownImages.repository(container.path("image").asText(""));
    }

    /** Database setting names weigh most, then Secrets (credentials), then ConfigMaps. */
    int score() {
        return (dbSettings.isEmpty() ? 0 : 4) + (secrets.isEmpty() ? 0 : 2) + (configMaps.isEmpty() ? 0 : 1);
    }

    /** Why it was chosen, in a few words: the setting names and the Secrets they come from. */
    String reason() {
        List<String> parts = new ArrayList<>();
        if (!dbSettings.isEmpty()) {
            parts.add("reads " + firstFew(dbSettings));
        }
        if (!secrets.isEmpty()) {
            parts.add("env from Secret " + firstFew(secrets));
        }
        if (!configMaps.isEmpty() && parts.size() < 2) {
            parts.add("env from ConfigMap " + firstFew(configMaps));
        }
        return parts.isEmpty() ? "no database settings found in its env" : String.join("; ", parts);
    }

    private static String firstFew(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        return list.size() <= 3 ? String.join(", ", list) : String.join(", ", list.subList(0, 3)) + ", ...";
    }
}
