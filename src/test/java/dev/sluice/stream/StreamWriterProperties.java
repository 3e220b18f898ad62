package dev.sluice.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The writer on several threads against the writer on one: the same bytes for generated streams of
 * untouched and changed documents, where long scripts come back at many places (LiteralBlocks), strings
 * need quoting (SafeQuoting), and documents share nodes (as a weave may leave them).
 */
class StreamWriterProperties {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SCRIPT = "set -eu\n" + "echo \"waiting — for the migration: $KEY\"\n".repeat(20);
    private static final List<String> LONG = List.of(SCRIPT, SCRIPT.strip(), SCRIPT + "\n\n", "  " + SCRIPT,
            "\n" + SCRIPT, SCRIPT.replace("\n", " \n"), "x: y\n" + SCRIPT, SCRIPT.replace("echo", "\techo"),
            SCRIPT.replace("waiting", "wäiting"));
    private static final List<String> SCALARS = List.of("0", "yes", "yEs", "0o17", "12:30", "1e3", "~", "25%", "10m",
            "-c", "ghcr.io/example/app:1.0", "a: b", "x #y", "---", "", " lead", "tail ", "null", "on", "2024-01-01",
            "multi\nline", "é", "plain words");
    private static final List<String> UNTOUCHED = List.of(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: \"0\"\n",
            "# Source: x/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n", "\n", "# only a comment\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: no-final-newline");

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 25)
    void severalThreadsWriteTheBytesOfOne(@ForAll("seeds") long seed, @ForAll @IntRange(min = 0, max = 200) int extra) {
        Random random = new Random(seed);
        boolean sharing = random.nextInt(4) == 0;
        List<Document> docs = stream(random, StreamWriter.PARALLEL_DOCS + extra, sharing);
        List<Document> changed = docs.stream().filter(Document::changed).toList();
        assertNotNull(StreamWriter.bodies(changed, 2), "written on two threads");
        byte[] one = StreamWriter.output(docs, 1).toBytes();
        for (int threads : new int[] {2, 3, 8}) {
            assertArrayEquals(one, StreamWriter.output(docs, threads).toBytes(), "seed " + seed + ", " + threads + " threads");
        }
        assertEquals(new String(one, StandardCharsets.UTF_8), StreamWriter.write(docs), "seed " + seed);
    }

    /** About {@code changed} changed documents among untouched ones. */
    private static List<Document> stream(Random random, int changed, boolean sharing) {
        List<Document> docs = new ArrayList<>();
        ObjectNode shared = NODES.objectNode().put("name", "shared");
        shared.putArray("command").add("/bin/sh").add("-c").add(pick(random, LONG));
        for (int n = 0; n < changed; n++) {
            while (random.nextInt(3) == 0) {
                String text = pick(random, UNTOUCHED);
                docs.addAll(StreamReader.split(docs.isEmpty() ? text : "---\n" + text));
            }
            docs.add(Document.generated(document(random, n, sharing && (n == 0 || n == changed - 1) ? shared : null), random.nextBoolean() ? null : "gen/" + n + ".yaml"));
        }
        return docs;
    }

    private static ObjectNode document(Random random, int n, ObjectNode shared) {
        ObjectNode doc = NODES.objectNode();
        doc.put("apiVersion", "apps/v1").put("kind", "Deployment");
        ObjectNode labels = doc.putObject("metadata").put("name", "app-" + n).putObject("labels");
        for (int i = random.nextInt(4); i > 0; i--) {
            labels.put(pick(random, SCALARS) + i, pick(random, SCALARS));
        }
        ObjectNode pod = doc.putObject("spec").putObject("template").putObject("spec");
        ArrayNode init = pod.putArray("initContainers");
        if (shared != null) {
            init.add(shared);
        }
        ObjectNode gate = init.addObject().put("name", "sluice-wait");
        gate.putArray("command").add("/bin/sh").add("-c").add(pick(random, LONG));
        if (random.nextInt(4) == 0) {
            gate.putArray("args").addArray().add(pick(random, LONG)).add(pick(random, SCALARS));
        }
        ArrayNode env = gate.putArray("env");
        for (int i = random.nextInt(3); i > 0; i--) {
            env.addObject().put("name", "E" + i).put("value", pick(random, SCALARS));
        }
        pod.putArray("containers").addObject().put("name", "app").put("image", "example/app:" + n);
        if (random.nextInt(5) == 0) {
            doc.putObject("data").put("script", pick(random, LONG)).put("short", pick(random, SCALARS));
        }
        return doc;
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
