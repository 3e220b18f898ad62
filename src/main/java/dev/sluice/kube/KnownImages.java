package dev.sluice.kube;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Images (and container names) of what runs beside an app rather than being it: proxies, web servers,
 * agents and exporters, database servers. One list for {@code sluice init} (never the container to
 * migrate from) and {@code sluice check} (SLU010: they never exit; SLU011: a migration does not run in them).
 */
public final class KnownImages {

    /** What a known image is, in the words a finding or a starter comment uses. */
    public enum Role {
        PROXY("a proxy"), WEB_SERVER("a web server"), AGENT("an agent or exporter"), DATABASE("a database server");

        private final String words;

        Role(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        /** Serves or watches until it is killed: a Job with it as a main container never completes. */
        public boolean neverExits() {
            return this != DATABASE;
        }
    }

    /**
     * One entry: {@code word} matches an image's last path segment (equal, or followed by - _ . or a digit),
     * a container name the same way, or with a slash the end of an image's path.
     */
    public record Known(String word, Role role) {
    }

    /** Order matters: exporters first (postgres-exporter is no database), then the rest. */
    static final List<Known> ALL = List.of(
            new Known("exporter", Role.AGENT),
            new Known("istio/proxyv2", Role.PROXY), new Known("istio-proxy", Role.PROXY),
            new Known("linkerd/proxy", Role.PROXY), new Known("linkerd-proxy", Role.PROXY),
            new Known("envoy", Role.PROXY), new Known("cloud-sql-proxy", Role.PROXY), new Known("cloudsql-proxy", Role.PROXY),
            new Known("cloud_sql_proxy", Role.PROXY), new Known("gce-proxy", Role.PROXY), new Known("alloydb-auth-proxy", Role.PROXY),
            new Known("pgbouncer", Role.PROXY), new Known("pgpool", Role.PROXY), new Known("proxysql", Role.PROXY),
            new Known("haproxy", Role.PROXY), new Known("oauth2-proxy", Role.PROXY), new Known("traefik", Role.PROXY),
            new Known("consul-dataplane", Role.PROXY),
            new Known("nginx", Role.WEB_SERVER), new Known("openresty", Role.WEB_SERVER), new Known("httpd", Role.WEB_SERVER),
            new Known("apache", Role.WEB_SERVER), new Known("apache2", Role.WEB_SERVER), new Known("caddy", Role.WEB_SERVER),
            new Known("lighttpd", Role.WEB_SERVER), new Known("varnish", Role.WEB_SERVER),
            new Known("vault-agent", Role.AGENT), new Known("vault", Role.AGENT), new Known("fluent-bit", Role.AGENT),
            new Known("fluentd", Role.AGENT), new Known("promtail", Role.AGENT), new Known("datadoghq/agent", Role.AGENT),
            new Known("datadog/agent", Role.AGENT), new Known("opentelemetry-collector", Role.AGENT),
            new Known("otel-collector", Role.AGENT), new Known("jaeger-agent", Role.AGENT),
            new Known("postgres", Role.DATABASE), new Known("postgresql", Role.DATABASE), new Known("mysql", Role.DATABASE),
            new Known("mariadb", Role.DATABASE), new Known("mongo", Role.DATABASE), new Known("mongodb", Role.DATABASE),
            new Known("redis", Role.DATABASE), new Known("valkey", Role.DATABASE), new Known("memcached", Role.DATABASE));

    private KnownImages() {
    }

    /** What the container is, by its image, else by its name (a name never says "database": app-postgres-migrator is an app). */
    public static Optional<Known> of(JsonNode container) {
        Optional<Known> byImage = ofImage(container.path("image").asText(""));
        if (byImage.isPresent()) {
            return byImage;
        }
        String name = container.path("name").asText("").toLowerCase(Locale.ROOT);
        return ALL.stream().filter(k -> k.role() != Role.DATABASE && !k.word().contains("/") && matches(name, k.word())).findFirst();
    }

    /** What an image is: nginx:1.27, docker.io/bitnami/nginx, istio/proxyv2@sha256:... */
    public static Optional<Known> ofImage(String image) {
        String path = repository(image).toLowerCase(Locale.ROOT);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        String segment = path.substring(path.lastIndexOf('/') + 1);
        for (Known k : ALL) {
            boolean hit = k.word().contains("/") ? path.equals(k.word()) || path.endsWith("/" + k.word()) : matches(segment, k.word());
            if (hit) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** registry/path/name without :tag or @digest. */
    public static String repository(String image) {
        String repo = image.strip();
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

    private static boolean matches(String word, String known) {
        if (word.equals(known)) {
            return true;
        }
        if (known.equals("exporter")) {
            return word.endsWith("-exporter") || word.endsWith("_exporter");
        }
        if (!word.startsWith(known)) {
            return false;
        }
        char next = word.charAt(known.length());
        return next == '-' || next == '_' || next == '.' || Character.isDigit(next);
    }
}
