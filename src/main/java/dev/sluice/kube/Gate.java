package dev.sluice.kube;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An initContainer that holds a pod until a migration Job is done: sluice's own gate
 * ({@code sluice-wait}), or the classic {@code kubectl wait --for=condition=complete job/NAME}.
 *
 * @param container  the initContainer's name
 * @param index      its position in initContainers
 * @param job        the Job it waits for
 * @param timeoutSeconds how long it waits (kubectl wait's default is 30 s)
 * @param sluice     true for sluice's gate, which also passes on the record once the Job is gone
 */
public record Gate(String container, int index, String job, int timeoutSeconds, boolean sluice) {
    public static final int KUBECTL_WAIT_DEFAULT_TIMEOUT = 30;
    private static final Pattern WAITS = Pattern.compile("\\bwait\\b|wait[-_]?for|\\brollout status\\b");
    private static final Pattern FOR_MIGRATION = Pattern.compile("\\bjobs?\\b|job/|migrat");
    private static final Pattern WAIT = Pattern.compile("kubectl\\s+wait\\b[^\\n;&|]*");
    private static final Pattern JOB = Pattern.compile("(?:^|\\s)(?:jobs?|jobs?\\.batch)/([a-z0-9][-a-z0-9.]*)");
    private static final Pattern TIMEOUT = Pattern.compile("--timeout[= ](\\S+)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(h|ms|m|s)");

    /** The gates of a pod spec, in initContainer order. */
    public static List<Gate> in(JsonNode podSpec) {
        List<Gate> gates = new ArrayList<>();
        JsonNode init = podSpec.path("initContainers");
        for (int i = 0; i < init.size(); i++) {
            JsonNode c = init.get(i);
            String name = c.path("name").asText("");
            if (name.equals(Keys.GATE_CONTAINER)) {
                gates.add(new Gate(name, i, env(c, Keys.ENV_JOB), parseInt(env(c, Keys.ENV_TIMEOUT), 900), true));
                continue;
            }
            String script = commandLine(c);
            Matcher wait = WAIT.matcher(script);
            while (wait.find()) {
                String call = wait.group();
                if (!call.contains("condition=complete") && !call.contains("condition=Complete")) {
                    continue;
                }
                Matcher job = JOB.matcher(call);
                if (job.find()) {
                    Matcher t = TIMEOUT.matcher(call);
                    int timeout = t.find() ? seconds(t.group(1)).orElse(KUBECTL_WAIT_DEFAULT_TIMEOUT) : KUBECTL_WAIT_DEFAULT_TIMEOUT;
                    gates.add(new Gate(name, i, job.group(1), timeout, false));
                }
            }
        }
        return gates;
    }

    /** command and args of a container, joined by blanks: what its shell will see. */
    public static String commandLine(JsonNode container) {
        StringBuilder out = new StringBuilder();
        for (String field : new String[]{"command", "args"}) {
            for (JsonNode word : container.path(field)) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(word.asText());
            }
        }
        return out.toString();
    }

    static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText("");
            }
        }
        return "";
    }

    private static int parseInt(String text, int otherwise) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A Go duration as kubectl takes it ("300s", "5m", "1h30m", "600"), in whole seconds. */
    static OptionalInt seconds(String duration) {
        String d = duration.replaceAll("[\"']", "");
        if (d.matches("\\d+")) {
            return OptionalInt.of(Integer.parseInt(d));
        }
        Matcher m = DURATION.matcher(d);
        long total = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return OptionalInt.empty();
            }
            long n = Long.parseLong(m.group(1));
            total += switch (m.group(2)) {
                case "h" -> n * 3600;
                case "m" -> n * 60;
                case "ms" -> n / 1000;
                default -> n;
            };
            end = m.end();
        }
        return end == d.length() && end > 0 ? OptionalInt.of((int) Math.min(total, Integer.MAX_VALUE)) : OptionalInt.empty();
    }

    /** Why a container waits for a migration, from its image, command and args; empty when it does not. */
    public static Optional<String> waitsForMigration(JsonNode c) {
        if (c.path("name").asText().equals(Keys.GATE_CONTAINER)) {
            return Optional.of("is sluice's own gate, which waits for this migration");
        }
        List<String> words = new ArrayList<>();
        words.add(c.path("image").asText(""));
        c.path("command").forEach(w -> words.add(w.asText()));
        c.path("args").forEach(w -> words.add(w.asText()));
        String text = String.join(" ", words).toLowerCase(Locale.ROOT);
        if (WAITS.matcher(text).find() && FOR_MIGRATION.matcher(text).find()) {
            String shown = String.join(" ", words.subList(1, words.size())).replaceAll("\\s+", " ").strip();
            if (shown.isEmpty()) {
                shown = words.get(0);
            }
            return Optional.of("waits for a migration, which cannot happen before this one: "
                    + (shown.length() > 80 ? shown.substring(0, 77) + "..." : shown));
        }
        return Optional.empty();
    }
}
