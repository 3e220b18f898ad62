package dev.sluice;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Generated streams and plans through the whole command: every document survives in order, untouched
 * documents keep their bytes, the output parses (and sluice's own objects satisfy the typed model),
 * the same input gives the same bytes, and sluice on its own output changes nothing.
 */
class StreamProperties {

    /** A stream, the quick-flag plan for it, and whether it comes from Helm 4. */
    record Case(String stream, List<String> targets, boolean helm4, String strategy) {
        String[] args() {
            List<String> args = new ArrayList<>(List.of("--quiet", "--strategy", strategy));
            if (!strategy.equals("rolling") && !helm4) {
                // stopping the old pods needs hooks run in order: Argo CD, helm template | kubectl with hooks
                args.add("--hooks=honoured");
            }
            for (String t : targets) {
                args.add("--target");
                args.add(t);
            }
            args.add("--command");
            args.add("bin/migrate --all");
            return args.toArray(String[]::new);
        }

        @Override
        public String toString() {
            return "targets " + targets + ", " + strategy + (helm4 ? " (Helm 4)" : "") + ":\n" + stream;
        }
    }

    /** YAML values as they follow "key: ": the quoting traps, flow collections, block scalars, Unicode. */
    private static final List<String> VALUES = List.of(
            "plain-value", "\"yes\"", "'0o17'", "\"12:30\"", "1e3", "'1e3'", "~", "''", "\"a: b\"", "'# not a comment'",
            "ünïcödé", "\"emoji 😀\"", "\"tab\\there\"", "[a, b, 'c']", "{x: 1, y: [2, 3]}", "true", "off", "0x1F", "\"\"",
            "|\n    line one\n    line two\n", ">-\n    folded\n    text\n", "'it''s'", "\"back\\\\slash\"", "2024-01-02",
            "value # with a comment", "\"--- not a marker\"");

    private static final List<String> HEADERS = List.of("---\n", "---\n# Source: shop/templates/%s.yaml\n", "--- # %s\n",
            "---\n# a comment about %s\n\n");

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> value = Arbitraries.of(VALUES);
        Arbitrary<List<String>> values = value.list().ofMinSize(0).ofMaxSize(5);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 5);
        Arbitrary<Integer> header = Arbitraries.integers().between(0, HEADERS.size() - 1);
        Arbitrary<Boolean> crlf = Arbitraries.of(true, false, false, false, false);
        Arbitrary<List<Object[]>> docs = Combinators.combine(kind, values, header, crlf).as((k, v, h, c) -> new Object[]{k, v, h, c})
                .list().ofMinSize(0).ofMaxSize(12);
        return Combinators.combine(docs, Arbitraries.integers().between(1, 3), Arbitraries.of(true, false),
                Arbitraries.of(true, true, true, false), Arbitraries.of(false, false, false, true),
                Arbitraries.of("rolling", "rolling", "scale-down", "delete")).as(this::build);
    }

    private Case build(List<Object[]> docs, int targetCount, boolean firstWithoutMarker, boolean finalNewline, boolean helm4,
                       String strategy) {
        StringBuilder out = new StringBuilder();
        List<String> targets = new ArrayList<>();
        int n = docs.size() + targetCount;
        for (int i = 0; i < n; i++) {
            boolean target = i >= docs.size();
            Object[] d = target ? new Object[]{0, List.of("x"), 1, false} : docs.get(i);
            int k = target ? -1 : (Integer) d[0];
            @SuppressWarnings("unchecked") List<String> values = (List<String>) d[1];
            String name = (target ? "api-" : "obj-") + i;
            String head = String.format(HEADERS.get((Integer) d[2]), name);
            if (i == 0 && firstWithoutMarker) {
                head = head.substring(head.indexOf('\n') + 1);
            }
            String body = switch (k) {
                case 0 -> configMap(name, values, helm4);
                case 1 -> deployment(name, values, helm4);
                case 2 -> "# only a comment in this document\n";
                case 3 -> "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: " + name + annotations(helm4)
                        + "spec:\n  items:\n" + items(values) + "  nested: {a: [1, {b: c}]}\n";
                case 4 -> "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + annotations(helm4) + "stringData:\n" + entries(values);
                default -> deployment(name, values, helm4);
            };
            if (target) {
                targets.add(name);
                body = deployment(name, values, helm4);
            }
            String text = head + body;
            if ((Boolean) d[3]) {
                text = text.replace("\n", "\r\n");
            }
            out.append(text);
        }
        String stream = out.toString();
        if (!finalNewline && stream.endsWith("\n")) {
            stream = stream.substring(0, stream.length() - 1);
        }
        // shuffle which deployments are targets: always the generated api-*, in the order they appear
        return new Case(stream, targets.subList(0, Math.max(1, targets.size())), helm4, strategy);
    }

    private static String annotations(boolean helm4) {
        return helm4 ? "\n  annotations:\n    postrenderer.helm.sh/postrender-filename: shop/templates/x.yaml\n" : "\n";
    }

    private static String entries(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            out.append("  key").append(i).append(": ").append(values.get(i)).append(values.get(i).endsWith("\n") ? "" : "\n");
        }
        return out.length() == 0 ? "  empty: \"\"\n" : out.toString();
    }

    private static String items(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (String v : values) {
            out.append("    - v: ").append(v.replace("\n    ", "\n        ")).append(v.endsWith("\n") ? "" : "\n");
        }
        return out.length() == 0 ? "    - v: none\n" : out.toString();
    }

    private static String configMap(String name, List<String> values, boolean helm4) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  labels: &labels\n    app: " + name
                + (helm4 ? "\n  annotations:\n    postrenderer.helm.sh/postrender-filename: shop/templates/x.yaml" : "")
                + "\ndata:\n" + entries(values) + "  copied: *labels\n";
    }

    private static String deployment(String name, List<String> values, boolean helm4) {
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v.startsWith("|") || v.startsWith(">") || v.startsWith("[") || v.startsWith("{") || v.startsWith("~")
                    || v.equals("1e3") || v.equals("true") || v.equals("off") || v.equals("0x1F") || v.equals("2024-01-02")) {
                v = "\"" + i + "\"";
            }
            env.append("            - name: VAR").append(i).append("\n              value: ").append(v).append('\n');
        }
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "  # the workload\n  labels: &labels\n"
                + "    app: " + name + "\n" + (helm4 ? "  annotations:\n    postrenderer.helm.sh/postrender-filename: shop/templates/x.yaml\n" : "")
                + "spec:\n  replicas: 2\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels: *labels\n"
                + "    spec:\n      containers:\n        - name: app\n          image: \"example/app:1.0\"\n"
                + (env.length() == 0 ? "" : "          env:\n" + env);
    }

    @Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
    void everyDocumentSurvivesAndRunningTwiceChangesNothing(@ForAll("cases") Case c) throws Exception {
        byte[] in = c.stream().getBytes(StandardCharsets.UTF_8);
        Sluice.Run run = Sluice.run(in, Map.of(), c.args());
        assertEquals(0, run.exit(), () -> "exit; stderr: " + run.err() + "\n" + c);
        GoldenTest.checkInvariants(in, Map.of(), c.args(), run.out());
    }
}
