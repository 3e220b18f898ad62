package dev.sluice.weave;

import dev.sluice.weave.GateScenarioTest.Run;
import dev.sluice.weave.GateScenarioTest.StubState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strategy scale-down where hooks are not run (golden case scale-down-without-hooks): the quiesce Job, applied with the
 * release, waits until no pod of the old revision runs (old: without this revision's {@code sluice.dev/migration}
 * label) while Kubernetes stops them (Recreate), and the migration pod's {@code sluice-old-pods} step waits for that
 * Job before it migrates. Exactly the script text the containers get, run with {@code /bin/sh} against the stub
 * kubectl; "Recreate" is the stub's rules removing the old pods at a given poll, so nothing depends on timing.
 */
class OldPodsScenarioTest {
    static final String CASE = "scale-down-without-hooks";
    /** The migration hash of that golden case: its quiesce Job and targets' pod templates carry it. */
    static final String KEY = "17dcc2ae9e";
    static final String QUIESCE_JOB = "shop-api-quiesce-" + KEY;
    static final String RECORD = "shop-api-migrations";
    static final String API = "shop-api";
    static final String WORKER = "shop-worker";
    static final String CLEANUP = "shop-cleanup";
    static final String[] API_LABELS = {"app.kubernetes.io/name=shop", "app.kubernetes.io/instance=shop",
            "app.kubernetes.io/component=api", "app.kubernetes.io/part-of=shop"};
    static final String[] WORKER_LABELS = {"app.kubernetes.io/name=shop", "app.kubernetes.io/instance=shop",
            "app.kubernetes.io/component=worker", "app.kubernetes.io/part-of=shop"};
    static final String FORBIDDEN = "is forbidden: User \"system:serviceaccount:default:default\" cannot ";

    @TempDir
    Path tmp;
    Path bin;
    StubState state;
    String targets;

    @BeforeEach
    void setUp() throws IOException {
        bin = GateScenarioTest.installStub(tmp.resolve("bin"));
        state = new StubState(tmp.resolve("state"), KEY);
        state.configMap(RECORD, "0a1b2c3d4e", "succeeded job=shop-api-migrate-0a1b2c3d4e");
        // the targets exactly as sluice writes them for charts-example without hooks
        targets = QuiesceScenarioTest.goldenEnv(CASE, QUIESCE_JOB, "SLUICE_TARGETS");
        assertEquals(3, targets.split("\n").length, targets);
    }

    @AfterEach
    void noUnsupportedCalls() throws IOException {
        state.assertNoUnsupportedCalls();
    }

    static String[] with(String[] labels, String... more) {
        String[] out = java.util.Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, out, labels.length, more.length);
        return out;
    }

    @Test
    void recreateStopsTheOldPods_theNewGatedOnesDoNotCount_thenTheMigrationMayRun() {
        state.deployment(API, 2).deployment(WORKER, 5).cronJob(CLEANUP, false);
        state.pod("shop-api-old-a", "deployment/" + API, null, null, API_LABELS);
        state.pod("shop-api-old-b", "deployment/" + API, null, null, API_LABELS);
        // an old pod of an earlier sluice revision: another hash is old too
        state.pod("shop-worker-old-a", "deployment/" + WORKER, null, null, with(WORKER_LABELS, "sluice.dev/migration=0a1b2c3d4e"));
        // the new revision's pods, waiting at their gate: never waited for
        state.pod("shop-api-new-a", "deployment/" + API, "Pending", null, with(API_LABELS, "sluice.dev/migration=" + KEY));
        state.pod("shop-worker-new-a", "deployment/" + WORKER, "Pending", null,
                with(WORKER_LABELS, "sluice.dev/migration=" + KEY));
        // a CronJob run the old template started, and one of the new template waiting at its gate
        state.pod("shop-cleanup-1-x", "cronjob/" + CLEANUP, null, null, "batch.kubernetes.io/job-name=shop-cleanup-1",
                "app.kubernetes.io/component=cleanup");
        state.pod("shop-cleanup-2-y", "cronjob/" + CLEANUP, "Pending", null, "batch.kubernetes.io/job-name=shop-cleanup-2",
                "sluice.dev/migration=" + KEY);
        // Kubernetes stops the old pods meanwhile (Recreate; the old run ends)
        state.at("get", "pods", 2).remove("pods/shop-api-old-a").remove("pods/shop-api-old-b");
        state.at("get", "pods", 4).remove("pods/shop-worker-old-a");
        state.at("get", "pods", 6).remove("pods/shop-cleanup-1-x");
        Run q = run(ScaleDown.OLD_PODS_SCRIPT, env(30));
        assertEquals(0, q.exit(), q.toString());
        assertEquals(List.of(
                "sluice: no old pod of deployment/" + API + " runs",
                "sluice: no old pod of deployment/" + WORKER + " runs",
                "sluice: no old pod of cronjob/" + CLEANUP + " runs",
                "sluice: old pods stopped; the migration may run"), q.outLines(), q.toString());
        // it never changes a workload: no patch, scale, annotate or delete; replicas as they were (HPA's 5 too)
        assertEquals(List.of(), state.calls().stream().filter(c -> !c.startsWith("get ")).toList());
        assertEquals(2, state.replicas("deployment", API));
        assertEquals(5, state.replicas("deployment", WORKER));
        assertEquals(false, state.suspended(CLEANUP));
        assertEquals(List.of("shop-api-new-a", "shop-cleanup-2-y", "shop-worker-new-a"), state.pods());
        // every listing leaves out this revision's pods, server-side
        List<String> listings = state.calls().stream().filter(c -> c.startsWith("get pods ")).toList();
        assertEquals(6, listings.size(), listings.toString());
        assertTrue(listings.stream().allMatch(c -> c.contains(",sluice.dev/migration!=" + KEY + " ")), listings.toString());
    }

    @Test
    void oldPodsThatNeverStop_timeOutNamingTheWorkloadAndThePods_theMigrationThenDoesNotStart() {
        state.deployment(API, 2).deployment(WORKER, 1).cronJob(CLEANUP, false);
        // a pod stuck terminating (a finalizer, a node gone): never goes
        state.pod("shop-api-old-a", "deployment/" + API, null, "never", API_LABELS);
        Run q = run(ScaleDown.OLD_PODS_SCRIPT, env(1));
        assertEquals(1, q.exit(), q.toString());
        assertEquals(List.of("sluice: gave up after 1s: old pods of deployment/" + API + " still run: pod/shop-api-old-a. The"
                + " migration does not start while they run: see in the events of deployment/" + API
                + " why they do not stop, then apply again"), q.errLines(), q.toString());

        // the migration pod's step then fails with that Job's reason, before `migrate` runs
        state.job(QUIESCE_JOB, "Failed|BackoffLimitExceeded|Job has reached the specified backoff limit");
        Run m = run(ScaleDown.AFTER_OLD_PODS_SCRIPT, afterEnv());
        assertEquals(1, m.exit(), m.toString());
        assertEquals(List.of("sluice: Job " + QUIESCE_JOB + " failed (BackoffLimitExceeded:Job has reached the specified backoff"
                + " limit): old pods may still run, so the migration does not start.",
                "sluice: see: kubectl logs job/" + QUIESCE_JOB + " -c quiesce"), m.errLines(), m.toString());
    }

    @Test
    void migrationAlreadyRecorded_waitsForNothing() {
        state.configMap(RECORD, KEY, "succeeded job=shop-api-migrate-" + KEY);
        state.deployment(API, 2).pod("shop-api-old-a", "deployment/" + API, null, "never", API_LABELS);
        Run q = run(ScaleDown.OLD_PODS_SCRIPT, env(30));
        assertEquals(0, q.exit(), q.toString());
        assertEquals(List.of("sluice: migration " + KEY + " already succeeded (succeeded job=shop-api-migrate-" + KEY
                + "): nothing to wait for"), q.outLines());
        assertEquals(1, state.calls().size(), state.calls().toString());
    }

    @Test
    void listingPodsForbidden_failsWithKubectlsError() {
        state.deployment(API, 2).forbid("list", "pods");
        Run q = run(ScaleDown.OLD_PODS_SCRIPT, env(30));
        assertEquals(1, q.exit(), q.toString());
        assertTrue(q.err().startsWith("sluice: cannot list the pods of deployment/" + API + ": Error from server (Forbidden): pods "
                + FORBIDDEN + "list resource \"pods\""), q.toString());
    }

    @Test
    void theMigrationWaitsForTheQuiesceJob_ofThisRevision_thenMigrates() {
        // first not created yet, then the previous revision's, then this one running, then complete
        state.at("get", "job", 2).labelledJob(QUIESCE_JOB, "0a1b2c3d4e", "Complete|CompletionsReached|done");
        state.at("get", "job", 3).job(QUIESCE_JOB);
        state.at("get", "job", 4).job(QUIESCE_JOB, "Complete|CompletionsReached|Reached expected number of succeeded pods");
        Run m = run(ScaleDown.AFTER_OLD_PODS_SCRIPT, afterEnv());
        assertEquals(0, m.exit(), m.toString());
        assertEquals(List.of(
                "sluice: waiting for Job " + QUIESCE_JOB + " to be created",
                "sluice: waiting for Job " + QUIESCE_JOB + " of this revision (the one there is labelled 0a1b2c3d4e)",
                "sluice: waiting until no old pod runs (Job " + QUIESCE_JOB + ")",
                "sluice: no old pod runs (Job " + QUIESCE_JOB + " is complete); migrating"), m.outLines(), m.toString());
    }

    @Test
    void aFailedMigration_leavesTheNewPodsAtTheGate_withTheJobsReason_andNothingRecorded() throws IOException {
        String job = "shop-api-migrate-" + KEY;
        state.job(job, "Failed|BackoffLimitExceeded|Job has reached the specified backoff limit");
        Map<String, String> gate = new LinkedHashMap<>(afterEnv());
        gate.put("SLUICE_JOB", job);
        gate.put("SLUICE_RECORD", RECORD);
        Run g = run(Scripts.GATE, gate);
        assertEquals(1, g.exit(), g.toString());
        assertEquals(List.of("sluice: migration Job " + job + " failed (BackoffLimitExceeded:Job has reached the specified backoff"
                + " limit); this pod will not start.", "sluice: see: kubectl logs job/" + job + " -c migrate"), g.errLines());
        Run r = run(Scripts.RECORD, gate);
        assertEquals(1, r.exit(), r.toString());
        assertEquals(null, state.data(RECORD, KEY));
    }

    // ------------------------------------------------------------------------------ running

    Map<String, String> env(int timeoutSeconds) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SLUICE_MIGRATION", KEY);
        env.put("SLUICE_RECORD", RECORD);
        env.put("SLUICE_STRATEGY", "scale-down");
        env.put("SLUICE_TIMEOUT", Integer.toString(timeoutSeconds));
        env.put("SLUICE_TARGETS", targets);
        env.put("HOME", tmp.toString());
        env.put("SLUICE_POLL_SECONDS", timeoutSeconds <= 1 ? "0.1" : "0");
        env.put("STUB_STATE", state.dir.toString());
        return env;
    }

    Map<String, String> afterEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SLUICE_MIGRATION", KEY);
        env.put("SLUICE_JOB", QUIESCE_JOB);
        env.put("SLUICE_TIMEOUT", "30");
        env.put("HOME", tmp.toString());
        env.put("SLUICE_POLL_SECONDS", "0");
        env.put("STUB_STATE", state.dir.toString());
        return env;
    }

    Run run(String script, Map<String, String> env) {
        return GateScenarioTest.runScript(script, env, bin + ":" + System.getenv("PATH"), tmp);
    }
}
