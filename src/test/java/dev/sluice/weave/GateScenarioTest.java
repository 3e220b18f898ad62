package dev.sluice.weave;

import dev.sluice.kube.Keys;
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
    void firstInstall_gatePassesOnTheCompleteJobWithoutWriting_thenThePostInstallRecordJobRecords_laterPodsPassWithoutTheJob() {
        // Helm 4 pre-install: the release's record ConfigMap does not exist while the migration runs; Helm then
        // creates the (empty) record with the release, and the first pod's gate starts while the Job is finishing
        state.configMap(RECORD);
        state.job(HOOK_JOB, RUNNING);
        state.at("get", "job", 3).job(HOOK_JOB, COMPLETE);
        Run gate = gate(KEY, HOOK_JOB, 30);
        assertEquals(0, gate.exit, gate.toString());
        assertEquals(3, state.count("get", "job"), "passed before the Job completed (I1)\n" + gate);
        assertTrue(gate.out.contains("migration Job " + HOOK_JOB + " is complete; starting"), gate.toString());
        assertEquals(0, state.count("patch", "configmap"), "the gate wrote the record: only the record Job may\n" + gate);
        assertEquals(Map.of(), state.data(RECORD));

        // post-install: the record Job, as sluice's own ServiceAccount, records the hash
        Run record = record(KEY, HOOK_JOB);
        assertEquals(0, record.exit, record.toString());
        assertEquals(List.of("sluice: recorded migration " + KEY + " in ConfigMap " + RECORD), record.outLines(), record.toString());
        assertEquals("succeeded job=" + HOOK_JOB, state.data(RECORD, KEY));

        // the Job's TTL runs out; a pod restarted after that passes on the record alone (I2)
        state.deleteJob(HOOK_JOB);
        state.clearCalls();
        Run later = gate(KEY, HOOK_JOB, 30);
        assertEquals(0, later.exit, later.toString());
        assertEquals(List.of("get configmap " + RECORD + " -o jsonpath={.data." + KEY + "}"), state.calls());
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
        // read only: the record Job writes the record, not the gate
        assertEquals(0, state.count("patch", "configmap"));
        assertEquals(Map.of(OLD_KEY, "succeeded job=" + OLD_JOB), state.data(RECORD));
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
    void jobDeletedByTtlBeforeAnyGateRan_recordWrittenByTheRecordJob_restartedPodPassesAtOnce() {
        // no hooks: the record Job is applied with the migration Job and waits for it to complete
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB);
        state.at("get", "job", 2).job(JOB, RUNNING);
        state.at("get", "job", 3).job(JOB, COMPLETE);
        Run record = record(KEY, JOB);
        assertEquals(0, record.exit, record.toString());
        assertEquals(List.of(
                "sluice: waiting for migration Job " + JOB + " to be created",
                "sluice: waiting for migration Job " + JOB + " to finish",
                "sluice: recorded migration " + KEY + " in ConfigMap " + RECORD), record.outLines(), record.toString());
        assertEquals(3, state.count("get", "job"), "recorded before the Job completed\n" + record);
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
        assertEquals(Map.of(OLD_KEY, "succeeded job=" + HOOK_JOB), state.data(RECORD));
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
        assertEquals(Map.of(), state.data(RECORD));
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
    void recordJobAppliedAgain_hashRecordedAlready_doesNothing_evenWithTheMigrationJobGone() {
        // the same output applied again after both Jobs' TTL: the record Job comes back and finds its hash
        state.configMap(RECORD, KEY, "succeeded job=" + JOB);
        Run record = record(KEY, JOB);
        assertEquals(0, record.exit, record.toString());
        assertEquals(List.of("sluice: migration " + KEY + " is recorded already (succeeded job=" + JOB + "): nothing to do"),
                record.outLines(), record.toString());
        assertEquals(List.of("get configmap " + RECORD + " -o jsonpath={.data." + KEY + "}"), state.calls());
        assertEquals(Map.of(KEY, "succeeded job=" + JOB), state.data(RECORD));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "BackoffLimitExceeded;Job has reached the specified backoff limit",
            "DeadlineExceeded;Job was active longer than specified deadline"})
    void failedMigration_recordJobRecordsNothing_andFailsWithTheJobsReason(String reason, String message) {
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB);
        state.job(JOB, RUNNING);
        state.at("get", "job", 2).job(JOB, "FailureTarget|" + reason + "|" + message);
        state.at("get", "job", 3).job(JOB, "FailureTarget|" + reason + "|" + message, "Failed|" + reason + "|" + message);
        Run record = record(KEY, JOB);
        assertEquals(1, record.exit, record.toString());
        assertEquals(3, state.count("get", "job"), "decided before the Job had failed\n" + record);
        assertEquals(List.of("sluice: migration Job " + JOB + " failed (" + reason + ":" + message + "): nothing to record",
                "sluice: see: kubectl logs job/" + JOB + " -c migrate"), record.errLines(), record.toString());
        assertEquals(0, state.count("patch", "configmap"), "a failed migration was recorded");
        assertEquals(Map.of(OLD_KEY, "succeeded job=" + OLD_JOB), state.data(RECORD));
    }

    @Test
    void recordJob_previousRevisionsHookJobUnderTheSameName_waitsForTheOneWithItsLabel() {
        // where hooks run one Job name serves every revision: a complete Job of another migration proves nothing
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + HOOK_JOB);
        state.labelledJob(HOOK_JOB, OLD_KEY, COMPLETE);
        state.at("get", "job", 2).job(HOOK_JOB, COMPLETE);
        Run record = record(KEY, HOOK_JOB);
        assertEquals(0, record.exit, record.toString());
        assertEquals(2, state.count("get", "job"), "recorded on another migration's Job\n" + record);
        assertEquals(Map.of(OLD_KEY, "succeeded job=" + HOOK_JOB, KEY, "succeeded job=" + HOOK_JOB), state.data(RECORD));
    }

    @Test
    void recordJob_migrationJobNeverCompletes_givesUpAtItsTimeout_recordsNothing() {
        state.configMap(RECORD);
        state.job(JOB, RUNNING);
        Map<String, String> env = env(KEY, JOB, 1);
        Run record = run(Scripts.RECORD, env, bin + ":" + System.getenv("PATH"));
        assertEquals(1, record.exit, record.toString());
        assertEquals(List.of("sluice: gave up after 1s: migration Job " + JOB + " has not completed; nothing recorded"),
                record.errLines(), record.toString());
        assertEquals(Map.of(), state.data(RECORD));
    }

    @Test
    void recordJob_hooksBeforeTheReleasesObjects_recordMissing_leavesItToThePostInstallRun() {
        // hooks honoured outside Helm 4 (Argo CD's own mapping: pre-upgrade is PreSync, also on a first sync)
        state.job(HOOK_JOB, COMPLETE);
        Map<String, String> env = env(KEY, HOOK_JOB, 30);
        env.put("SLUICE_POST_INSTALL", "true");
        Run record = run(Scripts.RECORD, env, bin + ":" + System.getenv("PATH"));
        assertEquals(0, record.exit, record.toString());
        assertEquals(List.of("sluice: ConfigMap " + RECORD + " does not exist yet (first install: it comes with the release,"
                + " after these hooks);", "sluice: the post-install run of this Job records migration " + KEY), record.outLines());
        assertEquals(0, state.count("get", "job"), record.toString());
    }

    @Test
    void recordJob_recordConfigMapMissing_failsSayingWhy() {
        state.job(JOB, COMPLETE);
        Run record = record(KEY, JOB);
        assertEquals(1, record.exit, record.toString());
        assertTrue(record.err.contains("sluice: ConfigMap " + RECORD + " does not exist: it is created with the release"),
                record.toString());
        assertEquals(0, state.count("get", "job"), record.toString());
    }

    // ------------------------------------------------------------------------------ forging the record

    /**
     * A pod of the namespace running as "default" (the gated pods' identity when the chart sets none) tries to
     * write "this hash succeeded" before the migration ran: the API server refuses, as the gate Role grants
     * "default" nothing but get (RecordAccessTest checks the generated Roles say so), and the gate keeps waiting.
     */
    @Test
    void forgedRecord_aPodRunningAsDefaultCannotWriteIt_theGateKeepsWaitingForTheMigration() {
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB);
        state.job(JOB, RUNNING);
        state.forbid("patch", "configmaps");
        Run forge = run("kubectl patch configmap " + RECORD + " --type merge -p '{\"data\":{\"" + KEY
                + "\":\"succeeded job=" + JOB + "\"}}'", env(KEY, JOB, 1), bin + ":" + System.getenv("PATH"));
        assertEquals(1, forge.exit, forge.toString());
        assertEquals("Error from server (Forbidden): configmaps \"" + RECORD + "\" is forbidden: User"
                + " \"system:serviceaccount:default:default\" cannot patch resource \"configmaps\" in API group \"\""
                + " in the namespace \"default\"\n", forge.err);
        assertEquals(Map.of(OLD_KEY, "succeeded job=" + OLD_JOB), state.data(RECORD));
        Run gate = gate(KEY, JOB, 1);
        assertEquals(1, gate.exit, "the gate opened before the migration ran (I1)\n" + gate);
        assertTrue(gate.err.contains("gave up after 1s: migration " + KEY), gate.toString());
        assertEquals(1, state.count("patch", "configmap"), "the gate itself tried to write\n" + state.calls());
    }

    /**
     * kubectl apply of the same output after both Jobs' TTL (or Helm 3's next upgrade, which creates again what its
     * release manifest has and the cluster lacks): the migration Job's first step finds the hash and ends the Job
     * (its podFailurePolicy: reason PodFailurePolicy) before migrate runs; the record Job does nothing; every
     * gated pod, new or restarted, passes on the record.
     */
    @Test
    void sameOutputAppliedAgainAfterTheTtl_nothingMigrates_recordJobDoesNothing_gatesPassOnTheRecord() {
        state.configMap(RECORD, KEY, "succeeded job=" + JOB);
        Run once = once(KEY, 30);
        assertEquals(MigrationJob.ALREADY_RUN_EXIT_CODE, once.exit, "the migration would run again\n" + once);
        String ended = "PodFailurePolicy|Container " + Keys.ONCE_CONTAINER + " for pod default/" + JOB
                + "-x7k2p failed with exit code " + MigrationJob.ALREADY_RUN_EXIT_CODE + " matching FailJob rule at index 0";
        state.job(JOB, "FailureTarget|" + ended, "Failed|" + ended);
        Run record = record(KEY, JOB);
        assertEquals(0, record.exit, record.toString());
        assertEquals(0, state.count("get", "job"), "the record Job looked at the Job it has no business with\n" + record);
        Run gate = gate(KEY, JOB, 30);
        assertEquals(0, gate.exit, "a pod failed on the Job that stopped itself\n" + gate);
        assertEquals(0, state.count("get", "job"), gate.toString());
        assertEquals(0, state.count("patch", "configmap"));
        assertEquals(Map.of(KEY, "succeeded job=" + JOB), state.data(RECORD));
    }

    // ------------------------------------------------------------------------------ once: the migration's first step

    @Test
    void once_migrationNotRecorded_runsIt() {
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB);
        Run once = once(KEY, 30);
        assertEquals(0, once.exit, once.toString());
        assertEquals(List.of("sluice: migration " + KEY + " is not recorded yet: it runs now"), once.outLines());
    }

    @Test
    void once_sameOutputAppliedAgainAfterTheTtl_migrationRecorded_endsWithTheExitCodeThePodFailurePolicyNames() {
        state.configMap(RECORD, OLD_KEY, "succeeded job=" + OLD_JOB, KEY, "succeeded job=" + JOB);
        Run once = once(KEY, 30);
        assertEquals(MigrationJob.ALREADY_RUN_EXIT_CODE, once.exit, once.toString());
        assertEquals(List.of("sluice: migration " + KEY + " has run already (succeeded job=" + JOB
                + "): not running it again; this Job ends here (exit code " + MigrationJob.ALREADY_RUN_EXIT_CODE + ")"),
                once.outLines());
        assertEquals(List.of("get configmap " + RECORD + " -o jsonpath={.data." + KEY + "}"), state.calls());
    }

    @Test
    void once_recordMissing_firstApply_runsIt() {
        Run once = once(KEY, 30);
        assertEquals(0, once.exit, once.toString());
        assertEquals(List.of("sluice: ConfigMap " + RECORD + " does not exist yet (first apply): migration " + KEY + " runs now"),
                once.outLines());
    }

    @Test
    void once_recordUnreadableForAWhile_retries_thenDecides() {
        state.configMap(RECORD, KEY, "succeeded job=" + JOB);
        state.forbid("get", "configmaps");
        state.at("get", "configmap", 3).remove("forbidden");
        Run once = once(KEY, 30);
        assertEquals(MigrationJob.ALREADY_RUN_EXIT_CODE, once.exit, once.toString());
        assertEquals(3, state.count("get", "configmap"), once.toString());
        assertTrue(once.outLines().get(0).startsWith("sluice: cannot read ConfigMap " + RECORD + ": Error from server (Forbidden)"),
                once.toString());
        assertEquals(2, once.outLines().size(), "said once, not once per try\n" + once);
    }

    @Test
    void once_recordNeverReadable_doesNotRunTheMigrationBlind() {
        state.forbid("get", "configmaps");
        Run once = once(KEY, 1);
        assertEquals(1, once.exit, once.toString());
        assertEquals(List.of("sluice: gave up after 1s: cannot tell whether migration " + KEY + " has run; it does not run"),
                once.errLines(), once.toString());
    }

    @Test
    void recordConfigMapGone_gateStillPassesOnTheCompleteJob() {
        state.job(JOB, COMPLETE);
        Run gate = gate(KEY, JOB, 30);
        assertEquals(0, gate.exit, gate.toString());
        assertEquals(List.of("sluice: migration Job " + JOB + " is complete; starting"), gate.outLines(), gate.toString());
        assertEquals(List.of("get configmap", "get job"), state.calls().stream()
                .map(c -> c.split(" ")[0] + " " + c.split(" ")[1]).toList());
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
        state.forbid("get", "configmaps");
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
        state.job(JOB, COMPLETE);
        state.forbid(deniedVerb, "configmaps");
        Run record = record(KEY, JOB);
        assertEquals(1, record.exit, record.toString());
        String forbidden = ": Error from server (Forbidden): configmaps \"" + RECORD + "\" is forbidden: User"
                + " \"system:serviceaccount:default:default\" cannot " + deniedVerb + " resource \"configmaps\"";
        assertTrue(record.err.contains(deniedVerb.equals("get") ? "sluice: cannot read ConfigMap " + RECORD + forbidden
                : "sluice: could not record migration " + KEY + " in ConfigMap " + RECORD + forbidden), record.toString());
        assertEquals(Map.of(OLD_KEY, "succeeded job=" + OLD_JOB), state.data(RECORD));
    }

    @Test
    void kubectlMissingFromTheImage_recordFails_insteadOfPretendingFirstInstall() throws IOException {
        Path noKubectl = toolsWithoutKubectl(tmp.resolve("tools"));
        Run record = run(Scripts.RECORD, env(KEY, JOB, 30), noKubectl.toString());
        assertEquals(1, record.exit, record.toString());
        assertTrue(record.err.contains("cannot read ConfigMap " + RECORD), record.toString());
        assertFalse(record.err.contains("does not exist"), record.toString());
    }

    @Test
    void kubectlMissingFromTheImage_onceDoesNotRunTheMigrationBlind() throws IOException {
        Path noKubectl = toolsWithoutKubectl(tmp.resolve("tools"));
        Run once = run(Scripts.ONCE, env(KEY, JOB, 0), noKubectl.toString());
        assertEquals(1, once.exit, once.toString());
        assertTrue(once.out.contains("cannot read ConfigMap " + RECORD + ": "), once.toString());
        assertFalse(once.out.contains("runs now"), once.toString());
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
        return run(Scripts.RECORD, env(key, job, 30), bin + ":" + System.getenv("PATH"));
    }

    /** The migration pod's first step where hooks are ignored (MigrationJob gives it no SLUICE_JOB). */
    Run once(String key, int timeoutSeconds) {
        Map<String, String> env = env(key, JOB, timeoutSeconds);
        env.remove("SLUICE_JOB");
        return run(Scripts.ONCE, env, bin + ":" + System.getenv("PATH"));
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
