package dev.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.Sluice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential test with the real kubectl as the oracle: generated plain, quoted and tagged scalars
 * (the known traps, then random numbers, words and wrappers) in a target's env value, labels,
 * annotations, defaultMode and automountServiceAccountToken. kubectl reads the input (one call for all
 * cases, one file each, so that a case kubectl refuses spoils no other); sluice rewrites every target;
 * kubectl reads sluice's output (one call); every field must read the same. Cases kubectl refuses, sluice
 * must refuse too, naming document, line and field. Then the same scalars as plan values (command, args,
 * env): the migration Job, read by kubectl, runs them as written.
 * {@code -Dsluice.scalars.seed=N} replays a run; the seed is in every failure.
 */
class ScalarMeaningIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = Long.getLong("sluice.scalars.seed", System.nanoTime());
    private static final String[] FIELDS = {
            "/spec/template/spec/containers/0/env/0/value",
            "/spec/template/metadata/annotations/a",
            "/spec/template/metadata/labels/l",
            "/spec/template/spec/volumes/0/configMap/defaultMode",
            "/spec/template/spec/automountServiceAccountToken"};
    private static final String PLAN = plan("- selector: {matchLabels: {app: t}}") + "      - migrate\n";

    /** A plan with one target, up to the first word of the migration command. */
    private static String plan(String target) {
        return """
                apiVersion: sluice.dev/v1alpha1
                kind: MigrationPlan
                metadata:
                  name: values
                spec:
                  targets:
                    %s
                  migration:
                    command:
                """.formatted(target);
    }

    /** The known traps, written plain. */
    static final List<String> TRAPS = List.of("y", "Y", "yes", "Yes", "YES", "yEs", "n", "N", "no", "NO", "on", "On", "ON", "oN",
            "off", "OFF", "Off", "true", "True", "TRUE", "tRue", "false", "FALSE", "null", "Null", "NULL", "nULL", "~", "",
            "0", "00", "0644", "0o644", "0O17", "0x1F", "0X1f", "0xg", "0b101", "0B11", "0b2", "0o8", "09", "08.5", "+12", "-12",
            "+0x1F", "-0b11", "1_000", "0_x1", "_1", "1__0", "1_", "12:30", "16:9", "190:20:30", "1:2", "1.10", "1e3", "1E3",
            "1e", "1.", ".5", "+.5", "-.5", ".5e3", "._5", ".5_0", "6.02e+23", "1e400", "1e-400", "-0", "-0.0",
            "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
            "-9223372036854775808", "-9223372036854775809", "0x8000000000000000", "0xFFFFFFFFFFFFFFFF",
            "0x10000000000000000", "0777777777777777777777777", ".inf", "-.inf", "+.inf", ".Inf", ".NAN", ".nan", ".iNf",
            "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "1.1.1", "v1.2", "1.10-alpine", "25%",
            "10m", "0.5", "-c", "=", "x", "0.1e", "+", "-", "1e1_0", "0.1234567891", "123456789.123456789");

    @Test
    void everyScalarReadsTheSameToKubectlAfterSluice(@TempDir Path tmp) throws Exception {
        Path kubectl = Tools.kubectl();
        Random random = new Random(SEED);
        List<String> cases = cases(random);
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < cases.size(); i++) {
            Files.writeString(in.resolve("c" + i + ".yaml"), deployment(i, cases.get(i)));
        }
        Tools.Result read = Tools.run(List.of(kubectl.toString(), "label", "--local", "-f", in.toString(), "k=v", "-o", "json"), Map.of(), null);
        Map<String, JsonNode> before = byName(read.out());
        Set<Integer> refused = new LinkedHashSet<>();
        Matcher bad = Pattern.compile("error parsing .*/c(\\d+)\\.yaml").matcher(read.err());
        while (bad.find()) {
            refused.add(Integer.parseInt(bad.group(1)));
        }
        assertEquals(cases.size(), before.size() + refused.size(), "seed " + SEED + ": kubectl read neither all cases nor said"
                + " why: " + read.both());
        assertTrue(before.size() > cases.size() / 2, "seed " + SEED + ": kubectl accepted too few cases to test anything: " + read.both());

        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            if (!refused.contains(i)) {
                stream.append("---\n").append(deployment(i, cases.get(i)));
            }
        }
        Path plan = Files.writeString(tmp.resolve("plan.yaml"), PLAN);
        Sluice.Run woven = Sluice.run(stream.toString(), "-c", plan.toString());
        assertEquals(0, woven.exit(), "seed " + SEED + ": " + woven.err());
        Path out = Files.writeString(tmp.resolve("out.yaml"), woven.out());
        Tools.Result reread = Tools.run(List.of(kubectl.toString(), "label", "--local", "-f", out.toString(), "k=v", "-o", "json"), Map.of(), null);
        assertEquals(0, reread.exit(), "seed " + SEED + ": kubectl refuses sluice's output: " + reread.both());
        Map<String, JsonNode> after = byName(reread.out());

        List<String> differences = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            if (refused.contains(i)) {
                continue;
            }
            JsonNode original = before.get("Deployment/t" + i);
            JsonNode rewritten = after.get("Deployment/t" + i);
            assertTrue(rewritten != null && rewritten.toString().contains("sluice-wait"), "seed " + SEED + ": t" + i + " was not rewritten");
            for (String field : FIELDS) {
                if (!original.at(field).equals(rewritten.at(field))) {
                    differences.add("t" + i + " " + show(cases.get(i)) + " at " + field + ": kubectl read " + original.at(field)
                            + " from the input, " + rewritten.at(field) + " from sluice's output");
                }
            }
        }
        assertTrue(differences.isEmpty(), "seed " + SEED + ": " + differences.size() + " value(s) changed meaning:\n"
                + String.join("\n", differences));

        for (int i : refused) {
            Sluice.Run run = Sluice.run(deployment(i, cases.get(i)), "-c", plan.toString());
            assertEquals(1, run.exit(), "seed " + SEED + ": kubectl refuses " + show(cases.get(i)) + " but sluice took it:\n" + run.out());
            assertTrue(run.err().contains("document 1") && run.err().contains("line ")
                            && (run.err().contains("in spec.template.") || run.err().contains("in metadata.")),
                    "seed " + SEED + ": the error for " + show(cases.get(i)) + " names no document, line and field: " + run.err());
        }
        planValuesRunAsWritten(kubectl, tmp, cases, before, refused);
    }

    /**
     * Plan values: each accepted case as a command word, an args word and an env value. Plain scalars run as
     * written; quoted and !!str/!!binary ones as kubectl reads them (it reads them as strings); a bare null is refused.
     */
    private void planValuesRunAsWritten(Path kubectl, Path tmp, List<String> cases, Map<String, JsonNode> before, Set<Integer> refused)
            throws Exception {
        List<String> words = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String c = cases.get(i);
            JsonNode read = before.get("Deployment/t" + i) == null ? null : before.get("Deployment/t" + i).at(FIELDS[0]);
            if (refused.contains(i) || read == null || read.isNull() || read.isMissingNode()) {
                continue;
            }
            boolean plain = !c.startsWith("\"") && !c.startsWith("'") && !c.startsWith("!");
            if (plain) {
                words.add(c);
                expected.add(c);
            } else if (c.startsWith("\"") || c.startsWith("'") || c.startsWith("!!str ") || c.startsWith("!!binary ")) {
                assertTrue(read.isTextual(), "seed " + SEED + ": kubectl reads " + show(c) + " as " + read);
                words.add(c);
                expected.add(read.textValue());
            }
        }
        StringBuilder plan = new StringBuilder(plan("- name: t0")).append("      - migrate\n");
        for (String w : words) {
            plan.append("      - ").append(w).append('\n');
        }
        plan.append("    args:\n");
        for (String w : words) {
            plan.append("      - ").append(w).append('\n');
        }
        plan.append("    env:\n");
        for (int i = 0; i < words.size(); i++) {
            plan.append("      - name: V").append(i).append("\n        value: ").append(words.get(i)).append('\n');
        }
        Path planFile = Files.writeString(tmp.resolve("values-plan.yaml"), plan);
        Sluice.Run run = Sluice.run("---\n" + deployment(0, "x"), "-c", planFile.toString());
        assertEquals(0, run.exit(), "seed " + SEED + ": " + run.err() + "\nplan:\n" + plan);
        Path out = Files.writeString(tmp.resolve("values-out.yaml"), run.out());
        Tools.Result read = Tools.run(List.of(kubectl.toString(), "label", "--local", "-f", out.toString(), "k=v", "-o", "json"), Map.of(), null);
        assertEquals(0, read.exit(), read.both());
        JsonNode job = null;
        for (JsonNode item : items(read.out())) {
            if (item.path("kind").asText().equals("Job")
                    && item.at("/metadata/labels").path("sluice.dev/role").asText().equals("migration")) {
                job = item;
            }
        }
        assertTrue(job != null, "no migration Job in " + run.out());
        JsonNode container = null;
        for (String list : new String[] {"/spec/template/spec/containers", "/spec/template/spec/initContainers"}) {
            for (JsonNode c : job.at(list)) {
                if (c.path("name").asText().equals("migrate")) {
                    container = c;
                }
            }
        }
        assertTrue(container != null, "no migrate container in Job " + job.at("/metadata/name"));
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            JsonNode command = container.at("/command/" + (i + 1));
            JsonNode arg = container.at("/args/" + i);
            JsonNode env = null;
            for (JsonNode e : container.path("env")) {
                if (e.path("name").asText().equals("V" + i)) {
                    env = e.path("value");
                }
            }
            for (JsonNode got : new JsonNode[] {command, arg, env}) {
                if (got == null || !got.isTextual() || !got.textValue().equals(expected.get(i))) {
                    differences.add(show(words.get(i)) + ": expected the text " + show(expected.get(i)) + ", kubectl reads " + got);
                }
            }
        }
        assertTrue(differences.isEmpty(), "seed " + SEED + ": plan values changed:\n" + String.join("\n", differences));
        assertTrue(words.size() > 50, "too few plan words: " + words.size());
    }

    /** The traps, random numbers and word cases, and each of them quoted or tagged at random. */
    static List<String> cases(Random random) {
        List<String> atoms = new ArrayList<>(TRAPS);
        for (int i = 0; i < 120; i++) {
            atoms.add(randomNumber(random));
        }
        String[] words = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"};
        for (int i = 0; i < 30; i++) {
            atoms.add(randomCase(words[random.nextInt(words.length)], random));
        }
        List<String> cases = new ArrayList<>();
        for (String atom : atoms) {
            cases.add(atom);
            if (random.nextInt(3) == 0) {
                cases.add(wrapped(atom, random));
            }
        }
        for (int i = 0; i < 12; i++) {
            byte[] text = new byte[1 + random.nextInt(12)];
            for (int k = 0; k < text.length; k++) {
                text[k] = (byte) (i % 4 == 3 ? random.nextInt(256) : 0x20 + random.nextInt(0x5f));
            }
            String b64 = Base64.getEncoder().encodeToString(text);
            cases.add("!!binary " + (i % 5 == 4 && b64.endsWith("=") ? b64.substring(0, b64.indexOf('=')) : b64));
        }
        return cases;
    }

    private static String wrapped(String atom, Random random) {
        return switch (random.nextInt(11)) {
            case 0, 1 -> "\"" + atom + "\"";
            case 2 -> "'" + atom + "'";
            case 3 -> "!!str " + (atom.isEmpty() ? "''" : atom);
            case 4 -> "!!int " + (atom.isEmpty() ? "''" : atom);
            case 5 -> "!!float " + (atom.isEmpty() ? "''" : atom);
            case 6 -> "!!bool \"" + atom + "\"";
            case 7 -> "!!null " + (atom.isEmpty() ? "''" : atom);
            case 8 -> "!foo " + (atom.isEmpty() ? "''" : atom);
            case 9 -> "!!timestamp " + (atom.isEmpty() ? "''" : atom);
            default -> "! " + (atom.isEmpty() ? "''" : atom);
        };
    }

    /** A sign, a base prefix, digits (some not of the base), '_', a fraction, an exponent or base-60 parts. */
    private static String randomNumber(Random r) {
        StringBuilder s = new StringBuilder();
        if (r.nextInt(4) == 0) {
            s.append(r.nextBoolean() ? '+' : '-');
        }
        String[] prefixes = {"", "", "", "0", "0x", "0X", "0o", "0O", "0b", "0B", "."};
        s.append(prefixes[r.nextInt(prefixes.length)]);
        String digits = r.nextInt(3) == 0 ? "0123456789abcdefABCDEF_" : "0123456789_";
        int n = r.nextInt(r.nextInt(8) == 0 ? 25 : 6);
        for (int i = 0; i < n; i++) {
            s.append(digits.charAt(r.nextInt(i == 0 ? 10 : digits.length())));
        }
        switch (r.nextInt(6)) {
            case 0 -> s.append('.').append(r.nextInt(1000));
            case 1 -> s.append(r.nextBoolean() ? 'e' : 'E').append(r.nextBoolean() ? "-" : r.nextBoolean() ? "+" : "").append(r.nextInt(400));
            case 2 -> s.append(':').append(r.nextInt(70));
            default -> {
            }
        }
        String out = s.toString();
        return out.isEmpty() || out.equals("-") || out.equals("+") ? "7" : out;
    }

    private static String randomCase(String word, Random r) {
        StringBuilder s = new StringBuilder();
        for (char c : word.toCharArray()) {
            s.append(r.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return s.toString();
    }

    static String deployment(int i, String scalar) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: t%1$d
                  labels: {app: t}
                spec:
                  selector:
                    matchLabels: {app: t}
                  template:
                    metadata:
                      labels:
                        app: t
                        l: %2$s
                      annotations:
                        a: %2$s
                    spec:
                      automountServiceAccountToken: %2$s
                      containers:
                        - name: app
                          image: example/app:1
                          env:
                            - name: V
                              value: %2$s
                      volumes:
                        - name: cfg
                          configMap:
                            name: cfg
                            defaultMode: %2$s
                """.formatted(i, scalar);
    }

    private static Map<String, JsonNode> byName(String json) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode item : items(json)) {
            out.put(item.path("kind").asText() + "/" + item.path("metadata").path("name").asText(), item);
        }
        return out;
    }

    /** kubectl -o json prints one object per file read, or a List. */
    private static List<JsonNode> items(String json) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(json)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node.path("kind").asText().equals("List")) {
                    node.path("items").forEach(out::add);
                } else {
                    out.add(node);
                }
            }
        }
        return out;
    }

    private static String show(String s) {
        return "'" + s.replace("\n", "\\n") + "'" + (s.isEmpty() ? " (empty)" : "");
    }

}
