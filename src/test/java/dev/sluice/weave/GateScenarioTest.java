package dev.sluice.weave;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The gate (initContainer {@code sluice-wait}) and the record step (container {@code record} of the
 * migration Job) run for real with {@code /bin/sh}, exactly the script text the containers get,
 * against the stub kubectl of {@code src/test/resources/stub-kubectl} (a model of the ConfigMap,
 * Job and RBAC the scripts see; its output formats are checked against the real kubectl by
 * {@link JsonPathRealKubectlTest}). State changes mid-wait are stub rules: "before the N-th
 * {@code get job}, the Job looks like this", so nothing depends on timing.
 */
class GateScenarioTest {
    static final String KEY = "3f9a0c1b2d";
    static final String OLD_KEY = "0a1b2c3d4e";
    static final String RECORD = "shop-api-migrations";
    static final String JOB = "shop-api-migrate-" + KEY;
    static final String OLD_JOB = "shop-api-migrate-" + OLD_KEY;
    /** Where hooks run, the migration Job has one name for every revision. */
    static final String HOOK_JOB = "shop-api-migrate";

    /** No scenario should come near it: scripts that wait for a state no rule brings hit STUB_MAX_CALLS first. */
    static final int SCRIPT_DEADLINE_SECONDS = 20;

    static final String[] RUNNING = {};
    static final String[] COMPLETE = {
            "SuccessCriteriaMet|CompletionsReached|Reached expected number of succeeded pods",
            "Complete|CompletionsReached|Reached expected number of succeeded pods"};
    static final String[] FAILING = {
            "FailureTarget|BackoffLimitExceeded|Job has reached the specified backoff limit"};
    static final String[] FAILED = {
            "FailureTarget|BackoffLimitExceeded|Job has reached the specified backoff limit",
            "Failed|BackoffLimitExceeded|Job has reached the specified backoff limit"};

    @TempDir
    Path tmp;
    Path bin;
    StubState state;

    @BeforeEach
    void setUp() throws IOException {
        bin = installStub(tmp.resolve("bin"));
        // a Job made by a scenario carries the label of the migration the scenario is about
        state = new StubState(tmp.resolve("state"), KEY);
    }

    @AfterEach
    void noUnsupportedCalls() throws IOException {
        state.assertNoUnsupportedCalls();
    }

    // ------------------------------------------------------------------------------ scenarios

    @Test
    void firstInstall_recordMissingForTheJob_thenTheGateRecordsWhenTheJobCompletes() {
        // pre-install hook: the release's ConfigMaps do not exist yet when the Job runs
        state.job(JOB, RUNNING);
        Run record = record(KEY, JOB);
        assertEquals(0, record.exit, record.toString());
        assertTrue(record.out.contains("ConfigMap " + RECORD + " does not exist yet"), record.toString());
        assertTrue(record.out.contains("the first gated pod records migration " + KEY), record.toString());
        assertEquals("", record.err, record.toString());

        // Helm then creates the (empty) record with the release; the first pod's gate starts
        // while the Job's pod is still finishing
        state.configMap(RECORD);
        state.at("get", "job", 3).job(JOB, COMPLETE);
        Run gate = gate(KEY, JOB, 30);
        assertEquals(0, gate.exit, gate.toString());
        assertEquals(3, state.count("get", "job"), "passed before the Job completed (I1)\n" + gate);
        assertTrue(gate.out.contains("waiting for migration Job " + JOB + " to finish"), gate.toString());
        assertTrue(gate.out.contains("migration Job " + JOB + " is complete; starting"), gate.toString());
        assertEquals("succeeded job=" + JOB, state.data(RECORD, KEY));
        assertFalse(gate.out.contains("warning"), gate.toString());
    }

    @Test
    void upgradeWithANewMigration_waitsWhileTheJobRuns_passesWhenComplete_recordKeepsBothHashes() {
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB);
        // Helm 3 (no hooks): the gated pod may start before the Job exists
        state.at("get", "job", 2).job(JOB, RUNNING);
        state.at("get", "job", 4).job(JOB, COMPLETE);
        Run gate = gate(KEY, JOB, 30);
        assertEquals(0, gate.exit, gate.toString());
        assertEquals(4, state.count("get", "job"), "passed before the Job completed (I1)\n" + gate);
        assertEquals(List.of(
                "sluice: waiting for migration Job " + JOB + " to be created",
                "sluice: waiting for migration Job " + JOB + " to finish",
                "sluice: migration Job " + JOB + " is complete; starting"), gate.outLines(), gate.toString());
        assertEquals(Map.of(OLD_KEY, "succeeded job=" + OLD_JOB, KEY, "succeeded job=" + JOB), state.data(RECORD));
        assertEquals(1, state.count("patch", "configmap"));
    }

    @Test
    void unchangedUpgradeOrPodRestart_recordHasTheHash_passesAtOnceWithoutReadingTheJob() {
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB, KEY, "succeeded job=" + JOB);
        // the Job is gone (hook-succeeded, TTL); it must not matter
        Run gate = gate(KEY, JOB, 30);
        assertEquals(0, gate.exit, gate.toString());
        assertEquals(List.of("get configmap " + RECORD + " -o jsonpath={.data." + KEY + "}"), state.calls());
        assertEquals(List.of("sluice: migration " + KEY + " has succeeded (succeeded job=" + JOB + "); starting"),
                gate.outLines());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "BackoffLimitExceeded;Job has reached the specified backoff limit",
            "DeadlineExceeded;Job was active longer than specified deadline"})
    void failedMigration_failsThePodWithTheJobsReason(String reason, String message) {
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB);
        state.job(JOB, RUNNING);
        // FailureTarget first (pods still terminating), then Failed
        state.at("get", "job", 2).job(JOB, "FailureTarget|" + reason + "|" + message);
        state.at("get", "job", 3).job(JOB, "FailureTarget|" + reason + "|" + message, "Failed|" + reason + "|" + message);
        Run gate = gate(KEY, JOB, 30);
        assertEquals(1, gate.exit, gate.toString());
        assertEquals(3, state.count("get", "job"), "decided before the Job had failed\n" + gate);
        assertTrue(gate.err.contains("migration Job " + JOB + " failed (" + reason + ":" + message + ")"), gate.toString());
        assertTrue(gate.err.contains("kubectl logs job/" + JOB + " -c migrate"), gate.toString());
        assertEquals(0, state.count("patch", "configmap"), "a failed migration was recorded");
        assertEquals(Map.of(OLD_KEY, "succeeded job=" + OLD_JOB), state.data(RECORD));
    }

    @Test
    void jobDeletedByTtlBeforeAnyGateRan_recordWrittenByTheJob_restartedPodPassesAtOnce() {
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB);
        state.job(JOB, RUNNING);
        Run record = record(KEY, JOB);
        assertEquals(0, record.exit, record.toString());
        assertEquals(List.of("sluice: recorded migration " + KEY + " in ConfigMap " + RECORD), record.outLines());
        assertEquals("succeeded job=" + JOB, state.data(RECORD, KEY));

        state.deleteJob(JOB);
        state.clearCalls();
        Run gate = gate(KEY, JOB, 30);
        assertEquals(0, gate.exit, gate.toString());
        assertEquals(List.of("get configmap " + RECORD + " -o jsonpath={.data." + KEY + "}"), state.calls());
    }

    @Test
    void hookJobOfThePreviousMigrationUnderTheSameName_gateWaits_passesWhenTheJobWithItsLabelCompletes() {
        // hooks: one Job name for every revision; the gate starts while the previous revision's
        // (complete) Job is still there, before Helm replaces it (before-hook-creation)
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + HOOK_JOB);
        state.labelledJob(HOOK_JOB, OLD_KEY, COMPLETE);
        state.at("get", "job", 3).job(HOOK_JOB, RUNNING);
        state.at("get", "job", 5).job(HOOK_JOB, COMPLETE);
        Run gate = gate(KEY, HOOK_JOB, 30);
        assertEquals(0, gate.exit, gate.toString());
        assertEquals(5, state.count("get", "job"), "passed on another migration's Job (I1)\n" + gate);
        assertEquals(List.of(
                "sluice: waiting for migration Job " + HOOK_JOB + " of this revision (the one there runs migration " + OLD_KEY + ")",
                "sluice: waiting for migration Job " + HOOK_JOB + " to finish",
                "sluice: migration Job " + HOOK_JOB + " is complete; starting"), gate.outLines(), gate.toString());
        assertEquals(Map.of(OLD_KEY, "succeeded job=" + HOOK_JOB, KEY, "succeeded job=" + HOOK_JOB), state.data(RECORD));
    }

    @ParameterizedTest
    @CsvSource(value = {OLD_KEY, "NONE"})
    void failedHookJobOfAnotherMigration_doesNotFailThePod_passesWhenItsOwnCompletes(String otherLabel) {
        // the previous revision's migration failed (or a Job from before sluice labelled them): not this pod's business
        String label = otherLabel.equals("NONE") ? null : otherLabel;
        state.configMap(RECORD);
        state.labelledJob(HOOK_JOB, label, FAILED);
        state.at("get", "job", 3).job(HOOK_JOB, RUNNING);
        state.at("get", "job", 4).job(HOOK_JOB, COMPLETE);
        Run gate = gate(KEY, HOOK_JOB, 30);
        assertEquals(0, gate.exit, gate.toString());
        assertEquals(4, state.count("get", "job"), gate.toString());
        assertEquals("", gate.err, "the pod was failed for another migration's Job\n" + gate);
        assertEquals(List.of(
                "sluice: waiting for migration Job " + HOOK_JOB + " of this revision (the one there runs migration "
                        + (label == null ? "unknown" : label) + ")",
                "sluice: waiting for migration Job " + HOOK_JOB + " to finish",
                "sluice: migration Job " + HOOK_JOB + " is complete; starting"), gate.outLines(), gate.toString());
        assertEquals(Map.of(KEY, "succeeded job=" + HOOK_JOB), state.data(RECORD));
    }

    @Test
    void failedHookJobOfAnotherMigration_neverReplaced_gateTimesOutWithoutBlamingIt() {
        state.configMap(RECORD);
        state.labelledJob(HOOK_JOB, OLD_KEY, FAILED);
        Run gate = gate(KEY, HOOK_JOB, 1);
        assertEquals(1, gate.exit, gate.toString());
        assertFalse(gate.err.contains("failed"), gate.toString());
        assertTrue(gate.err.contains("gave up after 1s: migration " + KEY + " (Job " + HOOK_JOB + ") has not succeeded"),
                gate.toString());
        assertEquals(List.of("sluice: waiting for migration Job " + HOOK_JOB + " of this revision (the one there runs migration "
                + OLD_KEY + ")"), gate.outLines(), gate.toString());
    }

    @Test
    void recordRunTwice_isIdempotent() {
        state.configMap(RECORD, KEY, "succeeded job=" + JOB);
        Run record = record(KEY, JOB);
        assertEquals(0, record.exit, record.toString());
        assertEquals(Map.of(KEY, "succeeded job=" + JOB), state.data(RECORD));
    }

    @Test
    void recordConfigMapGone_gateStillPassesOnTheCompleteJob_andWarns() {
        state.job(JOB, COMPLETE);
        Run gate = gate(KEY, JOB, 30);
        assertEquals(0, gate.exit, gate.toString());
        assertTrue(gate.out.contains("sluice: warning: could not record migration " + KEY + " in ConfigMap " + RECORD
                + ": Error from server (NotFound): configmaps \"" + RECORD + "\" not found"), gate.toString());
        assertTrue(gate.out.contains("migration Job " + JOB + " is complete; starting"), gate.toString());
    }

    @Test
    void jobDeletedAndNoRecord_waitsUntilTheTimeout_thenFailsClearly() {
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB);
        long start = System.nanoTime();
        Run gate = gate(KEY, JOB, 1);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(1, gate.exit, gate.toString());
        assertTrue(gate.err.contains("gave up after 1s: migration " + KEY + " (Job " + JOB + ") has not succeeded"),
                gate.toString());
        // said once, not once per poll
        assertEquals(List.of("sluice: waiting for migration Job " + JOB + " to be created"), gate.outLines(), gate.toString());
        assertTrue(state.count("get", "job") >= 1);
        assertEquals(0, state.count("patch", "configmap"));
        assertTrue(millis < 10_000, "took " + millis + " ms");
    }

    @Test
    void rollback_recordHasTheOlderHash_passesAtOnce() {
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB, KEY, "succeeded job=" + JOB);
        Run gate = gate(OLD_KEY, OLD_JOB, 30);
        assertEquals(0, gate.exit, gate.toString());
        assertEquals(List.of("get configmap " + RECORD + " -o jsonpath={.data." + OLD_KEY + "}"), state.calls());
        assertTrue(gate.out.contains("migration " + OLD_KEY + " has succeeded"), gate.toString());
    }

    @Test
    void rbacForbiddenOnConfigMaps_gateSaysSo_andStillDecidesByTheJob() {
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB);
        state.forbid("get", "configmaps").forbid("patch", "configmaps");
        state.job(JOB, RUNNING);
        state.at("get", "job", 3).job(JOB, COMPLETE);
        Run gate = gate(KEY, JOB, 30);
        assertEquals(0, gate.exit, gate.toString());
        assertEquals(3, state.count("get", "job"), gate.toString());
        // each message once, though the ConfigMap was read (and refused) at every poll
        assertEquals(List.of(
                "sluice: cannot read ConfigMap " + RECORD + ": Error from server (Forbidden): configmaps \""
                        + RECORD + "\" is forbidden: User \"system:serviceaccount:default:default\" cannot get resource"
                        + " \"configmaps\" in API group \"\" in the namespace \"default\"",
                "sluice: waiting for migration Job " + JOB + " to finish",
                "sluice: warning: could not record migration " + KEY + " in ConfigMap " + RECORD
                        + ": Error from server (Forbidden): configmaps \"" + RECORD + "\" is forbidden: User"
                        + " \"system:serviceaccount:default:default\" cannot get resource \"configmaps\" in API group \"\""
                        + " in the namespace \"default\"",
                "sluice: migration Job " + JOB + " is complete; starting"), gate.outLines(), gate.toString());
        assertEquals(Map.of(OLD_KEY, "succeeded job=" + OLD_JOB), state.data(RECORD));
    }

    @Test
    void rbacForbiddenOnConfigMaps_failedJobStillFailsThePod() {
        state.forbid("get", "configmaps");
        state.job(JOB, FAILED);
        Run gate = gate(KEY, JOB, 30);
        assertEquals(1, gate.exit, gate.toString());
        assertTrue(gate.out.contains("Error from server (Forbidden)"), gate.toString());
        assertTrue(gate.err.contains("migration Job " + JOB + " failed (BackoffLimitExceeded:"), gate.toString());
    }

    @Test
    void rbacForbiddenOnEverything_gateReportsItAndTimesOut_neverSilently() {
        state.configMap(RECORD, KEY, "succeeded job=" + JOB);
        state.job(JOB, COMPLETE);
        state.forbid("get", "configmaps").forbid("get", "jobs");
        Run gate = gate(KEY, JOB, 1);
        assertEquals(1, gate.exit, gate.toString());
        assertTrue(gate.out.contains("sluice: cannot read ConfigMap " + RECORD + ": Error from server (Forbidden)"), gate.toString());
        assertTrue(gate.out.contains("sluice: cannot read Job " + JOB + ": Error from server (Forbidden): jobs.batch \"" + JOB
                + "\" is forbidden: User \"system:serviceaccount:default:default\" cannot get resource \"jobs\" in API group"
                + " \"batch\" in the namespace \"default\""), gate.toString());
        assertTrue(gate.err.contains("gave up after 1s"), gate.toString());
    }

    @ParameterizedTest
    @CsvSource({"patch", "get"})
    void recordForbidden_failsWithTheError(String deniedVerb) {
        // kubectl patch reads the object first: a missing "get" fails it as much as a missing "patch"
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB);
        state.forbid(deniedVerb, "configmaps");
        Run record = record(KEY, JOB);
        assertEquals(1, record.exit, record.toString());
        assertTrue(record.err.contains("sluice: could not record migration " + KEY + " in ConfigMap " + RECORD
                + ": Error from server (Forbidden): configmaps \"" + RECORD + "\" is forbidden: User"
                + " \"system:serviceaccount:default:default\" cannot " + deniedVerb + " resource \"configmaps\""), record.toString());
        assertEquals(Map.of(OLD_KEY, "succeeded job=" + OLD_JOB), state.data(RECORD));
    }

    @Test
    void kubectlMissingFromTheImage_recordFails_insteadOfPretendingFirstInstall() throws IOException {
        Path noKubectl = toolsWithoutKubectl(tmp.resolve("tools"));
        Run record = run(Scripts.RECORD, env(KEY, JOB, 30), noKubectl.toString());
        assertEquals(1, record.exit, record.toString());
        assertTrue(record.err.contains("could not record migration " + KEY), record.toString());
        assertFalse(record.out.contains("does not exist yet"), record.toString());
    }

    @Test
    void kubectlMissingFromTheImage_gateSaysSo() throws IOException {
        Path noKubectl = toolsWithoutKubectl(tmp.resolve("tools"));
        Run gate = run(Scripts.GATE, env(KEY, JOB, 0), noKubectl.toString());
        assertEquals(1, gate.exit, gate.toString());
        assertTrue(gate.out.contains("cannot read ConfigMap " + RECORD + ": "), gate.toString());
        assertTrue(gate.out.contains("cannot read Job " + JOB + ": "), gate.toString());
        assertFalse(gate.out.contains("to be created"), gate.toString());
    }

    // ------------------------------------------------------------------------------ running

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err + "---";
        }
    }

    Run gate(String key, String job, int timeoutSeconds) {
        return run(Scripts.GATE, env(key, job, timeoutSeconds), bin + ":" + System.getenv("PATH"));
    }

    Run record(String key, String job) {
        Map<String, String> env = env(key, job, 30);
        env.remove("SLUICE_TIMEOUT");
        env.remove("SLUICE_POLL_SECONDS");
        return run(Scripts.RECORD, env, bin + ":" + System.getenv("PATH"));
    }

    /** The environment WaitGate and MigrationJob give the containers (HOME too), plus the stub's. */
    Map<String, String> env(String key, String job, int timeoutSeconds) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SLUICE_MIGRATION", key);
        env.put("SLUICE_RECORD", RECORD);
        env.put("SLUICE_JOB", job);
        env.put("SLUICE_TIMEOUT", Integer.toString(timeoutSeconds));
        // scenarios that run into the timeout poll slowly, the others at once (STUB_MAX_CALLS bounds both)
        env.put("SLUICE_POLL_SECONDS", timeoutSeconds <= 1 ? "0.1" : "0");
        env.put("HOME", tmp.toString());
        env.put("STUB_STATE", state.dir.toString());
        return env;
    }

    Run run(String script, Map<String, String> env, String path) {
        return runScript(script, env, path, tmp);
    }

    static Run runScript(String script, Map<String, String> env, String path, Path tmp) {
        try {
            Path out = Files.createTempFile(tmp, "out", ".txt");
            Path err = Files.createTempFile(tmp, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.environment().put("PATH", path);
            Process p = pb.start();
            // stops at once when the stub met a call it does not implement (or too many calls): a
            // script waiting on a state that never comes would otherwise run into its own timeout
            Path unsupported = env.containsKey("STUB_STATE") ? Path.of(env.get("STUB_STATE"), "unsupported") : null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SCRIPT_DEADLINE_SECONDS);
            while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
                boolean drift = unsupported != null && Files.exists(unsupported);
                if (drift || System.nanoTime() > deadline) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                    fail((drift ? "stopped: the stub kubectl met calls it does not implement (update the stub and"
                            + " JsonPathRealKubectlTest together with the scripts):\n" + Files.readString(unsupported)
                            : "the script did not finish within " + SCRIPT_DEADLINE_SECONDS + " s (hung?)\n")
                            + "--- stdout\n" + Files.readString(out) + "--- stderr\n" + Files.readString(err));
                }
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies the stub kubectl from the test classpath into dir (resources lose the exec bit). */
    static Path installStub(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path kubectl = dir.resolve("kubectl");
        try (InputStream in = GateScenarioTest.class.getResourceAsStream("/stub-kubectl/kubectl")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /stub-kubectl/kubectl");
            }
            Files.write(kubectl, in.readAllBytes());
        }
        if (!kubectl.toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + kubectl + " executable");
        }
        return dir;
    }

    /** A PATH directory with the tools the scripts use, but no kubectl. */
    static Path toolsWithoutKubectl(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String tool : List.of("date", "sleep", "grep", "cut", "tr", "head")) {
            Path found = null;
            for (String d : System.getenv("PATH").split(":")) {
                Path candidate = Path.of(d.isEmpty() ? "." : d, tool);
                if (Files.isExecutable(candidate)) {
                    found = candidate;
                    break;
                }
            }
            if (found == null) {
                throw new IllegalStateException(tool + " not found on PATH");
            }
            // a wrapper rather than a symbolic link: JUnit warns about links out of a temp dir
            Path wrapper = dir.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\nexec '" + found.toAbsolutePath() + "' \"$@\"\n");
            if (!wrapper.toFile().setExecutable(true)) {
                throw new IllegalStateException("cannot make " + wrapper + " executable");
            }
        }
        return dir;
    }

    // ------------------------------------------------------------------------------ stub state

    /** The stub kubectl's state directory (layout documented in the stub). */
    static final class StubState {
        final Path dir;
        /** The label sluice.dev/migration that {@link #job} gives a Job (null: none). */
        final String migration;

        StubState(Path dir) {
            this(dir, null);
        }

        /** Fails the test when the scripts made a kubectl call that the stub does not implement. */
        void assertNoUnsupportedCalls() throws IOException {
            Path unsupported = dir.resolve("unsupported");
            if (Files.exists(unsupported)) {
                fail("the scripts made kubectl calls the stub does not implement (update the stub and"
                        + " JsonPathRealKubectlTest together with the scripts):\n" + Files.readString(unsupported));
            }
        }

        StubState(Path dir, String migration) {
            this.dir = dir;
            this.migration = migration;
            mkdirs(dir);
        }

        /** A ConfigMap with the given data (key, value, key, value...). */
        StubState configMap(String name, String... keyValues) {
            Path cm = dir.resolve("configmaps").resolve(name);
            mkdirs(cm);
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                write(cm.resolve(keyValues[i]), keyValues[i + 1]);
            }
            return this;
        }

        /** A Job of this state's migration whose conditions with status True are these (Type|Reason|Message). */
        StubState job(String name, String... trueConditions) {
            return labelledJob(name, migration, trueConditions);
        }

        /** A Job with the label sluice.dev/migration (null: no such label) and these True conditions. */
        StubState labelledJob(String name, String migrationLabel, String... trueConditions) {
            mkdirs(dir.resolve("jobs"));
            StringBuilder text = new StringBuilder();
            for (String c : trueConditions) {
                text.append(c).append('\n');
            }
            write(dir.resolve("jobs").resolve(name), text.toString());
            Path label = dir.resolve("jobs").resolve(name + ".label");
            if (migrationLabel != null) {
                write(label, migrationLabel);
            } else {
                delete(label);
            }
            return this;
        }

        StubState deleteJob(String name) {
            delete(dir.resolve("jobs").resolve(name));
            delete(dir.resolve("jobs").resolve(name + ".label"));
            return this;
        }

        // ---------------------------------------------------------------- workloads and pods

        /** A target workload (KIND as kubectl spells it: deployment, statefulset, daemonset, cronjob, job). */
        StubState workload(String kind, String name) {
            mkdirs(workloadDir(kind, name));
            return this;
        }

        /** A Deployment; the live object always has spec.replicas (the API server defaults it, an HPA sets it). */
        StubState deployment(String name, int replicas) {
            return workload("deployment", name).replicas("deployment", name, replicas);
        }

        StubState statefulSet(String name, int replicas) {
            return workload("statefulset", name).replicas("statefulset", name, replicas);
        }

        /** A CronJob; the live object always has spec.suspend (defaulted to false). */
        StubState cronJob(String name, boolean suspended) {
            workload("cronjob", name);
            write(workloadDir("cronjob", name).resolve("suspend"), suspended + "\n");
            return this;
        }

        StubState replicas(String kind, String name, int replicas) {
            write(workloadDir(kind, name).resolve("replicas"), replicas + "\n");
            return this;
        }

        StubState annotation(String kind, String name, String key, String value) {
            Path f = workloadDir(kind, name).resolve("annotations").resolve(key.replace('/', '~'));
            mkdirs(f.getParent());
            write(f, value);
            return this;
        }

        /** A foreground deletion under way: the object stays until its pods are gone. */
        StubState beingDeleted(String kind, String name) {
            write(workloadDir(kind, name).resolve("deleting"), "");
            return this;
        }

        /**
         * A pod of OWNER (kind/name) with these labels ("key=value"); phase null: Running; linger: how
         * many more "get pods" calls list it once its owner is stopped (null: 0; "never").
         */
        StubState pod(String name, String owner, String phase, String linger, String... labels) {
            Path d = dir.resolve("pods").resolve(name);
            mkdirs(d);
            write(d.resolve("owner"), owner + "\n");
            write(d.resolve("labels"), labels.length == 0 ? "" : String.join("\n", labels) + "\n");
            if (phase != null) {
                write(d.resolve("phase"), phase + "\n");
            }
            if (linger != null) {
                write(d.resolve("linger"), linger + "\n");
            }
            return this;
        }

        Path workloadDir(String kind, String name) {
            return dir.resolve("workloads").resolve(kind).resolve(name);
        }

        boolean exists(String kind, String name) {
            return Files.isDirectory(workloadDir(kind, name));
        }

        boolean isBeingDeleted(String kind, String name) {
            return Files.exists(workloadDir(kind, name).resolve("deleting"));
        }

        /** spec.replicas, or null when the workload does not exist. */
        Integer replicas(String kind, String name) {
            Path f = workloadDir(kind, name).resolve("replicas");
            return Files.exists(f) ? Integer.valueOf(read(f).trim()) : null;
        }

        Boolean suspended(String name) {
            Path f = workloadDir("cronjob", name).resolve("suspend");
            return Files.exists(f) ? Boolean.valueOf(read(f).trim()) : null;
        }

        /** The workload's annotations (key to value, sorted). */
        Map<String, String> annotations(String kind, String name) {
            Map<String, String> out = new java.util.TreeMap<>();
            Path d = workloadDir(kind, name).resolve("annotations");
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.list(d)) {
                    files.forEach(f -> out.put(f.getFileName().toString().replace('~', '/'), read(f)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return out;
        }

        /** The pods that exist (whatever their phase), sorted. */
        List<String> pods() {
            Path d = dir.resolve("pods");
            if (!Files.isDirectory(d)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(d)) {
                return files.map(f -> f.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The calls of one verb and kind, as logged (arguments joined by spaces). */
        List<String> calls(String verb, String kind) {
            return calls().stream().filter(c -> c.startsWith(verb + " " + kind + " ")).toList();
        }

        /** Denies VERB on RESOURCE (plural, as in RBAC rules). */
        StubState forbid(String verb, String resource) {
            append(dir.resolve("forbidden"), verb + " " + resource + "\n");
            return this;
        }

        /** What the state becomes just before the n-th {@code kubectl VERB KIND} call is served. */
        Rule at(String verb, String kind, int n) {
            return new Rule(dir.resolve("rules").resolve(verb + "-" + kind + "." + n), migration);
        }

        int count(String verb, String kind) {
            Path f = dir.resolve("count").resolve(verb + "-" + kind);
            return Files.exists(f) ? Integer.parseInt(read(f).trim()) : 0;
        }

        String data(String configMap, String key) {
            Path f = dir.resolve("configmaps").resolve(configMap).resolve(key);
            return Files.exists(f) ? read(f) : null;
        }

        Map<String, String> data(String configMap) {
            Map<String, String> data = new LinkedHashMap<>();
            try (Stream<Path> files = Files.list(dir.resolve("configmaps").resolve(configMap))) {
                files.sorted().forEach(f -> data.put(f.getFileName().toString(), read(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return data;
        }

        List<String> calls() {
            Path f = dir.resolve("calls");
            return Files.exists(f) ? List.of(read(f).split("\n")) : List.of();
        }

        void clearCalls() {
            try {
                Files.deleteIfExists(dir.resolve("calls"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A state overlay applied by the stub at one call. */
        static final class Rule {
            private final Path dir;
            private final StubState set;
            private final List<String> remove = new ArrayList<>();

            Rule(Path dir, String migration) {
                this.dir = dir;
                this.set = new StubState(dir.resolve("set"), migration);
            }

            Rule job(String name, String... trueConditions) {
                return labelledJob(name, set.migration, trueConditions);
            }

            /** The state this rule copies over the stub's (workloads, pods...). */
            StubState set() {
                return set;
            }

            /** Replaces the Job NAME by one with this label (previous one's label file removed first). */
            Rule labelledJob(String name, String migrationLabel, String... trueConditions) {
                if (migrationLabel == null) {
                    remove("jobs/" + name + ".label");
                }
                set.labelledJob(name, migrationLabel, trueConditions);
                return this;
            }

            Rule configMap(String name, String... keyValues) {
                set.configMap(name, keyValues);
                return this;
            }

            Rule deleteJob(String name) {
                return remove("jobs/" + name).remove("jobs/" + name + ".label");
            }

            /** Deletes a path of the state (relative to its directory). */
            Rule remove(String path) {
                remove.add(path);
                write(dir.resolve("remove"), String.join("\n", remove) + "\n");
                return this;
            }
        }

        private static void delete(Path p) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void mkdirs(Path p) {
            try {
                Files.createDirectories(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void write(Path p, String text) {
            try {
                Files.writeString(p, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void append(Path p, String text) {
            try {
                Files.writeString(p, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String read(Path p) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
