package dev.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.StrictModel;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Rendered streams as the tests see them, parsed with sluice's own stream classes. */
final class Manifests {
    private Manifests() {
    }

    /** Writes a plan (named shop) whose one target is {@code target}: with a wrong name, a plan that fails. */
    static Path planTargeting(Path file, String target) {
        try {
            Files.writeString(file, """
                    apiVersion: sluice.dev/v1alpha1
                    kind: MigrationPlan
                    metadata: {name: shop}
                    spec:
                      targets: [{name: %s}]
                      migration: {command: [bin/migrate]}
                    """.formatted(target));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-empty documents of a YAML stream, in order. */
    static List<Document> parse(String yaml) {
        return StreamReader.split(yaml).stream().filter(d -> !d.empty()).toList();
    }

    /** The sections of `helm install --dry-run` output: the text after HOOKS: and after MANIFEST:. */
    record Release(String hooks, String manifest) {
        static Release of(String output) {
            int hooks = lineAt(output, "HOOKS:");
            int manifest = lineAt(output, "MANIFEST:");
            assertTrue(hooks >= 0 && manifest > hooks, "no HOOKS: and MANIFEST: sections in:\n" + output);
            int notes = lineAt(output, "NOTES:");
            int end = notes > manifest ? notes : output.length();
            return new Release(output.substring(hooks + "HOOKS:\n".length(), manifest),
                    output.substring(manifest + "MANIFEST:\n".length(), end));
        }

        private static int lineAt(String text, String line) {
            if (text.startsWith(line + "\n")) {
                return 0;
            }
            int at = text.indexOf("\n" + line + "\n");
            return at < 0 ? -1 : at + 1;
        }
    }

    static String id(Document d) {
        return d.kind() + "/" + d.name();
    }

    static List<String> ids(List<Document> docs) {
        return docs.stream().map(Manifests::id).toList();
    }

    static Optional<Document> find(List<Document> docs, String kind, String name) {
        List<Document> hits = docs.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).toList();
        assertTrue(hits.size() <= 1, "more than one " + kind + "/" + name + " in " + ids(docs));
        return hits.stream().findFirst();
    }

    static Document get(List<Document> docs, String kind, String name) {
        return find(docs, kind, name).orElseGet(() -> fail("no " + kind + "/" + name + " among " + ids(docs)));
    }

    static JsonNode tree(Document d) {
        return d.tree().orElseThrow();
    }

    /** The pod spec of a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob). */
    static JsonNode podSpec(Document d) {
        JsonNode spec = tree(d).path("spec");
        if (d.kind().equals("CronJob")) {
            spec = spec.path("jobTemplate").path("spec");
        }
        JsonNode pod = spec.path("template").path("spec");
        assertTrue(pod.isObject(), id(d) + " has no pod template");
        return pod;
    }

    static List<String> names(JsonNode containers) {
        List<String> out = new ArrayList<>();
        containers.forEach(c -> out.add(c.path("name").asText()));
        return out;
    }

    static JsonNode container(JsonNode containers, String name) {
        for (JsonNode c : containers) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return fail("no container " + name + " in " + names(containers));
    }

    static String envValue(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return fail("container " + container.path("name").asText() + " has no env " + name);
    }

    static String annotation(Document d, String key) {
        return d.metadata().path("annotations").path(key).asText(null);
    }

    /** The hook weight as Helm reads it (sluice's one reader), or null when the annotation is absent. */
    static Long hookWeight(Document d) {
        return annotation(d, "helm.sh/hook-weight") == null ? null : dev.sluice.kube.Hook.of(tree(d)).orElseThrow().weight();
    }

    static List<String> hookEvents(Document d) {
        return dev.sluice.kube.Hook.of(tree(d)).map(dev.sluice.kube.Hook::events).orElse(List.of());
    }

    /** maxSurge as written (int or percentage) is greater than zero. */
    static boolean positive(JsonNode intOrPercent) {
        if (intOrPercent.isInt()) {
            return intOrPercent.intValue() > 0;
        }
        Matcher m = Pattern.compile("(\\d+)%?").matcher(intOrPercent.asText());
        return m.matches() && Integer.parseInt(m.group(1)) > 0;
    }

    static boolean zero(JsonNode intOrPercent) {
        return intOrPercent.isInt() ? intOrPercent.intValue() == 0 : intOrPercent.asText().matches("0%?");
    }

    /** kubectl's name for an object: kind lower-cased, group appended ("deployment.apps/x"). */
    static String kubectlName(Document d) {
        String api = d.apiVersion();
        String group = api.contains("/") ? "." + api.substring(0, api.indexOf('/')) : "";
        return d.kind().toLowerCase() + group + "/" + d.name();
    }

    /**
     * Real kubectl 1.35 reads every document (offline: `kubectl label --local` needs no cluster) and
     * names each one; kinds fabric8 models are also parsed strictly (unknown fields, wrong types).
     */
    static void assertKubectlReadsAll(List<Document> docs, Path dir, String what) {
        Path file = dir.resolve(what.replaceAll("[^A-Za-z0-9]+", "-") + ".yaml");
        try {
            Files.writeString(file, docs.stream().map(Document::text).collect(Collectors.joining()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tools.Result r = Tools.run(List.of(Tools.kubectl().toString(), "label", "--local", "-f", file.toString(),
                "sluice-check=ok", "-o", "name"), java.util.Map.of("KUBECONFIG", dir.resolve("no-kubeconfig").toString()), null);
        assertEquals(0, r.exit(), () -> "kubectl could not read " + what + ":\n" + r.describe());
        List<String> expected = docs.stream().map(Manifests::kubectlName).toList();
        assertEquals(expected, r.out().lines().toList(), () -> "kubectl named " + what + " differently:\n" + r.describe());
        for (Document d : docs) {
            if (StrictModel.knows(d.kind())) {
                StrictModel.parse(tree(d));
            }
        }
    }
}
