package dev.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamReader;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One runner for every case under {@code testdata/<case>/}: a new case is a new folder.
 * <ul>
 * <li>{@code input.yaml}: the stream on stdin (or {@code input.bin} for raw bytes);</li>
 * <li>{@code plan.yaml}: passed as {@code -c plan.yaml} unless {@code args} says otherwise;</li>
 * <li>{@code args}: one argument a line ({@code ${case}} is the case folder);
 *     {@code env}: KEY=VALUE lines for the process environment;</li>
 * <li>{@code expected.yaml}: exit 0 and stdout equal byte for byte (compared document by document with JSONAssert
 *     first, for a readable difference);
 *     {@code expected.bytes.yaml}: stdout equal byte for byte;</li>
 * <li>{@code expected-error.txt}: exit 1 (or {@code exit-code}), empty stdout, each line found in stderr; with an
 *     {@code expected.yaml} beside it, stdout must be that instead (a KRM function answers errors in a ResourceList);</li>
 * <li>{@code expected-stderr.txt}: lines that stderr of a successful run must contain;
 *     {@code never-printed.txt}: values (Secret data) that stderr must never contain;</li>
 * <li>{@code expected.txt}, {@code expected.json} or {@code expected.mmd}: exit 0 and stdout equal byte for byte, for
 *     commands that print something other than a stream ({@code plan}, {@code init}, {@code schema}); the stream
 *     invariants below do not apply to them, determinism does.</li>
 * </ul>
 * Every successful case is also checked for determinism, idempotency, byte-identical untouched
 * documents, strict parsing of generated objects with fabric8's typed model (each one written back by it to the same
 * tree; sluice's own objects, containers and volumes to the same text: fabric8's field order, "name" first), and that every Job sluice
 * builds from an app pod is that pod ({@link MigrationPodFidelity}).
 * {@code -Dsluice.update=true} rewrites {@code expected.yaml} from the actual output.
 * <p>
 * In {@code expected.yaml} and {@code expected.bytes.yaml}, each of sluice's own container scripts (a literal block
 * whose content is exactly gate.sh, record.sh, once.sh...) is one line {@code <sluice script gate.sh sha256:0123456789ab>}
 * ({@link ScriptBlocks}): the output is compared in that form, so a script edit changes one line per embedding and a
 * script written wrong stays in full and differs. Every other check runs on the real output.
 */
class GoldenTest {
    static final Path TESTDATA = Path.of(System.getProperty("sluice.testdata", "testdata"));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The roles of the objects sluice makes from nothing of the chart's (not the migration and step Jobs, which copy a pod). */
    private static final Set<String> SLUICE_OWN = Set.of("access", "record", "quiesce", "restore");
    /** A DNS subdomain: DNS labels joined by dots (a workload's own name may have dots, and sluice's names start with it). */
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(TESTDATA)) {
            dirs = s.filter(d -> Files.exists(d.resolve("input.yaml")) || Files.exists(d.resolve("input.bin"))).sorted().toList();
        }
        assertTrue(dirs.size() > 0, "no cases under " + TESTDATA.toAbsolutePath());
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> runCase(d)));
    }

    static byte[] input(Path dir) throws IOException {
        Path bin = dir.resolve("input.bin");
        return Files.readAllBytes(Files.exists(bin) ? bin : dir.resolve("input.yaml"));
    }

    static String[] args(Path dir) throws IOException {
        Path argsFile = dir.resolve("args");
        List<String> args = new ArrayList<>();
        if (Files.exists(argsFile)) {
            for (String line : Files.readAllLines(argsFile)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    args.add(line.strip().replace("${case}", dir.toString()));
                }
            }
        } else if (Files.exists(dir.resolve("plan.yaml"))) {
            args.add("-c");
            args.add(dir.resolve("plan.yaml").toString());
        }
        return args.toArray(String[]::new);
    }

    static Map<String, String> env(Path dir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Path envFile = dir.resolve("env");
        if (Files.exists(envFile)) {
            for (String line : Files.readAllLines(envFile)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        }
        return env;
    }

    static void runCase(Path dir) throws Exception {
        byte[] in = input(dir);
        String[] args = args(dir);
        Map<String, String> env = env(dir);
        Sluice.Run run = Sluice.run(in, env, args);
        Path secrets = dir.resolve("never-printed.txt");
        if (Files.exists(secrets)) {
            for (String secret : Files.readAllLines(secrets)) {
                if (!secret.isBlank()) {
                    assertTrue(!run.err().contains(secret.strip()), "a Secret value reached stderr: " + run.err());
                }
            }
        }
        Path expectedError = dir.resolve("expected-error.txt");
        if (Files.exists(expectedError)) {
            int code = Files.exists(dir.resolve("exit-code")) ? Integer.parseInt(Files.readString(dir.resolve("exit-code")).strip()) : 1;
            assertEquals(code, run.exit(), "exit code; stderr: " + run.err());
            Path expectedOut = dir.resolve("expected.yaml");
            if (Files.exists(expectedOut)) {
                if (Boolean.getBoolean("sluice.update")) {
                    Files.writeString(expectedOut, asGolden(run.out()));
                }
                compareStructurally(Files.readString(expectedOut), asGolden(run.out()));
            } else if (!env.containsKey("HELM_PLUGIN_NAME")) {
                assertEquals("", run.out(), "stdout must be empty on error");
            }
            for (String line : Files.readAllLines(expectedError)) {
                if (!line.isBlank()) {
                    assertTrue(run.err().contains(line.strip()), "stderr lacks: " + line.strip() + "\nstderr was:\n" + run.err());
                }
            }
            assertTrue(!run.err().contains("\tat "), "a stack trace reached the user:\n" + run.err());
            checkErrorShape(run, env, Files.exists(expectedOut));
            return;
        }
        assertEquals(0, run.exit(), "exit code; stderr:\n" + run.err());
        Path expectedStderr = dir.resolve("expected-stderr.txt");
        if (Files.exists(expectedStderr)) {
            for (String line : Files.readAllLines(expectedStderr)) {
                if (!line.isBlank()) {
                    assertTrue(run.err().contains(line.strip()), "stderr lacks: " + line.strip() + "\nstderr was:\n" + run.err());
                }
            }
        }
        Path expectedText = Stream.of("expected.txt", "expected.json", "expected.mmd").map(dir::resolve)
                .filter(Files::exists).findFirst().orElse(null);
        if (expectedText != null) {
            if (Boolean.getBoolean("sluice.update")) {
                Files.writeString(expectedText, run.out());
            }
            assertEquals(Files.readString(expectedText), run.out(), "output of " + String.join(" ", args));
            assertEquals(run.out(), Sluice.run(in, env, args).out(), "output must be deterministic");
            return;
        }
        Path expected = dir.resolve("expected.yaml");
        Path expectedBytes = dir.resolve("expected.bytes.yaml");
        String golden = asGolden(run.out());
        if (Boolean.getBoolean("sluice.update")) {
            Files.writeString(Files.exists(expectedBytes) ? expectedBytes : expected, golden);
        }
        if (Files.exists(expectedBytes)) {
            assertEquals(Files.readString(expectedBytes), golden, "output bytes");
        }
        if (Files.exists(expected)) {
            compareStructurally(Files.readString(expected), golden);
            // then to the byte: a golden is the output as written (scripts as placeholders), key order and quoting too
            assertEquals(Files.readString(expected), golden, "output bytes (the documents are equal as trees: their text differs)");
        } else if (!Files.exists(expectedBytes)) {
            fail(dir + " has no expected.yaml, expected.bytes.yaml or expected-error.txt (run with -Dsluice.update=true to create it)");
        }
        checkInvariants(in, env, args, run.out());
        MigrationPodFidelity.check(run.out(), args);
    }

    /**
     * What every error must look like, whatever the case: one line on stderr that starts with
     * {@code sluice: error: } and holds no Java exception; under Helm 4 (HELM_PLUGIN_NAME set) stdout is a
     * YAML literal block scalar carrying the same message, since Helm hides a plugin's stderr.
     */
    static void checkErrorShape(Sluice.Run run, Map<String, String> env, boolean answeredOnStdout) {
        String err = run.err();
        assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1,
                "stderr must be exactly one line (one paragraph a person can act on), was:\n" + err);
        String message = err.strip();
        assertTrue(message.startsWith("sluice: error: "), "stderr must start with 'sluice: error: ', was:\n" + err);
        assertTrue(message.length() > "sluice: error: ".length() + 10, "the message says nothing: " + err);
        assertTrue(!message.contains("Exception") && !message.contains("\tat "),
                "a Java exception reached the user:\n" + err);
        String pluginName = env.get("HELM_PLUGIN_NAME");
        if (answeredOnStdout) {
            return;
        }
        if (pluginName == null || pluginName.isEmpty()) {
            assertEquals("", run.out(), "stdout must be empty on error");
            return;
        }
        String out = run.out();
        assertTrue(out.startsWith("|\n"), "under Helm 4 stdout must be a YAML literal block scalar ('|'), was:\n" + out);
        List<String> lines = out.substring(2).lines().toList();
        assertTrue(!lines.isEmpty() && lines.stream().allMatch(l -> l.startsWith("  ") && !l.isBlank()),
                "every line of the block scalar must be indented by two spaces:\n" + out);
        String carried = String.join(" ", lines.stream().map(String::strip).toList());
        assertTrue(carried.startsWith(message), "the block scalar must carry the stderr message\nstderr: " + message
                + "\nscalar: " + carried);
        List<Document> asStream = StreamReader.split(out);
        assertEquals(1, asStream.size(), "Helm 4 must see one document (a scalar it refuses), not a manifest");
    }

    /**
     * The output as its golden holds it: sluice's own scripts as {@link ScriptBlocks} placeholders, nothing else
     * changed (the placeholders give the output back byte for byte, and replace exactly the strings that are scripts).
     */
    static String asGolden(String out) {
        String golden = ScriptBlocks.normalise(out);
        assertEquals(out, ScriptBlocks.restore(golden), "the golden's script placeholders must give the output back");
        assertEquals(trees(out).stream().map(ScriptBlocks::withPlaceholders).toList(), trees(golden),
                "every script of sluice's in the output, and only those, must be a placeholder in the golden"
                        + " (a script written in a form ScriptBlocks does not know?)");
        return golden;
    }

    static List<JsonNode> trees(String stream) {
        List<JsonNode> out = new ArrayList<>();
        for (Document d : StreamReader.split(stream)) {
            out.add(d.tree().map(t -> (JsonNode) t).orElse(null));
        }
        return out;
    }

    static void compareStructurally(String expected, String actual) throws Exception {
        List<JsonNode> want = trees(expected);
        List<JsonNode> got = trees(actual);
        assertEquals(describe(want), describe(got), "documents (kind/name, in order)");
        for (int i = 0; i < want.size(); i++) {
            if (want.get(i) == null) {
                continue;
            }
            JSONAssert.assertEquals("document " + (i + 1) + " " + describe(List.of(want.get(i))),
                    JSON.writeValueAsString(want.get(i)), JSON.writeValueAsString(got.get(i)), JSONCompareMode.STRICT);
        }
    }

    /** The containers sluice itself runs (gate, once, old pods, done, record, quiesce, restore): their image is not the user's. */
    static List<JsonNode> injectedContainers(JsonNode object) {
        List<JsonNode> out = new ArrayList<>();
        object.findValues("initContainers").forEach(list -> list.forEach(out::add));
        object.findValues("containers").forEach(list -> list.forEach(out::add));
        return out.stream().filter(c -> List.of("sluice-wait", "sluice-once", "sluice-old-pods", "done", "record", "quiesce", "restore")
                .contains(c.path("name").asText()) && c.path("command").path(0).asText().equals("/bin/sh")).toList();
    }

    /** Pod Security "restricted" for a container, plus resource requests. */
    static void restricted(JsonNode c, String where) {
        String what = where + " container " + c.path("name").asText();
        JsonNode sc = c.path("securityContext");
        assertEquals(true, sc.path("runAsNonRoot").asBoolean(false), what + ": runAsNonRoot");
        assertTrue(sc.path("runAsUser").asLong(0) > 0, what + ": a non-zero runAsUser");
        assertEquals(false, sc.path("allowPrivilegeEscalation").asBoolean(true), what + ": allowPrivilegeEscalation false");
        assertEquals("[\"ALL\"]", sc.path("capabilities").path("drop").toString(), what + ": drops ALL capabilities");
        assertTrue(sc.path("capabilities").path("add").isMissingNode(), what + ": adds no capability");
        assertEquals("RuntimeDefault", sc.path("seccompProfile").path("type").asText(), what + ": seccomp RuntimeDefault");
        assertTrue(c.path("resources").path("requests").has("cpu") && c.path("resources").path("requests").has("memory"),
                what + ": cpu and memory requests");
    }

    static List<String> describe(List<JsonNode> trees) {
        return trees.stream().map(t -> t == null ? "(empty)" : t.path("kind").asText() + "/" + t.path("metadata").path("name").asText()).toList();
    }

    /** What must hold for every successful run, whatever the case. */
    static void checkInvariants(byte[] in, Map<String, String> env, String[] args, String out) throws Exception {
        Sluice.Run again = Sluice.run(in, env, args);
        assertEquals(out, again.out(), "output must be deterministic");
        Sluice.Run twice = Sluice.run(out.getBytes(StandardCharsets.UTF_8), env, args);
        assertEquals(0, twice.exit(), "sluice on its own output: " + twice.err());
        assertEquals(out, twice.out(), "sluice on its own output must change nothing (idempotent)");

        List<Document> inputDocs = StreamReader.read(in);
        List<Document> outputDocs = StreamReader.split(out);
        assertTrue(outputDocs.size() >= inputDocs.size(), "every input document must come out");
        for (int i = 0; i < inputDocs.size(); i++) {
            Document a = inputDocs.get(i);
            Document b = outputDocs.get(i);
            if (a.empty()) {
                assertEquals(a.text(), b.text(), "empty document " + (i + 1) + " must pass through");
                continue;
            }
            if (a.tree().orElseThrow().equals(b.tree().orElseThrow())) {
                boolean lastWithoutNewline = i == inputDocs.size() - 1 && !a.text().endsWith("\n") && outputDocs.size() > inputDocs.size();
                // a stream without a final newline gets one before the documents sluice appends
                String want = lastWithoutNewline ? a.text() + "\n" : a.text();
                assertEquals(want, b.text(), "untouched document " + (i + 1) + " must keep its text byte for byte");
            } else {
                assertEquals(a.tree().get().path("kind"), b.tree().get().path("kind"), "document " + (i + 1) + " kind");
                assertEquals(a.tree().get().path("metadata").path("name"), b.tree().get().path("metadata").path("name"));
                String helm4 = "postrenderer.helm.sh/postrender-filename";
                assertEquals(a.tree().get().path("metadata").path("annotations").path(helm4),
                        b.tree().get().path("metadata").path("annotations").path(helm4), "Helm 4's filename annotation must stay");
            }
        }
        java.util.Map<String, String> objects = new java.util.HashMap<>();
        for (Document d : outputDocs) {
            if (d.empty()) {
                continue;
            }
            JsonNode meta = d.tree().orElseThrow().path("metadata");
            boolean copy = meta.path("annotations").path("helm.sh/hook-delete-policy").asText().contains("hook-succeeded")
                    && meta.path("annotations").has("sluice.dev/generated");
            String key = d.kind() + "/" + meta.path("namespace").asText("") + "/" + d.name();
            String other = copy || d.kind().equals("List") || d.kind().equals("ResourceList") ? null : objects.putIfAbsent(key, d.describe());
            // I8: nothing sluice makes replaces an object of the stream or of another plan (its first-install copies are meant to)
            assertEquals(null, other, "two objects " + key + ": " + other + " and " + d.describe());
            ObjectNode tree = d.tree().orElseThrow();
            String kind = tree.path("kind").asText();
            boolean generated = tree.path("metadata").path("annotations").has("sluice.dev/generated");
            if (generated || tree.toString().contains("sluice-wait")) {
                if (StrictModel.knows(kind)) {
                    StrictModel.parse(tree);
                }
            }
            String what = kind + "/" + tree.path("metadata").path("name").asText();
            if (generated && StrictModel.knows(kind)) {
                StrictModel.roundTrips(tree);
            }
            if (generated && SLUICE_OWN.contains(tree.path("metadata").path("labels").path("sluice.dev/role").asText())) {
                // what sluice alone writes, but the annotations whoever applies the output adds after its own and the
                // namespace the weave sets once the object is placed
                ObjectNode own = tree.deepCopy();
                ((ObjectNode) own.get("metadata")).remove(List.of("annotations", "namespace"));
                StrictModel.writtenAsModel(own, StrictModel.type(kind), what);
            }
            for (JsonNode c : injectedContainers(tree)) {
                restricted(c, what);
                StrictModel.writtenAsModel(c, Container.class, what + " container " + c.path("name").asText());
            }
            for (JsonNode v : tree.findValues("volumes")) {
                for (JsonNode volume : v) {
                    if (volume.path("name").asText().startsWith("sluice-")) {
                        StrictModel.writtenAsModel(volume, Volume.class, what + " volume " + volume.path("name").asText());
                    }
                }
            }
            if (generated) {
                String name = tree.path("metadata").path("name").asText();
                assertTrue(name.length() <= 63 && DNS_NAME.matcher(name).matches(), "generated name is not a DNS name: " + name);
            }
        }
    }
}
