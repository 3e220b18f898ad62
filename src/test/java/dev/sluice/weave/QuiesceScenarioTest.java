package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.weave.GateScenarioTest.Run;
import dev.sluice.weave.GateScenarioTest.StubState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The quiesce Job (pre-upgrade hook of strategies scale-down and delete: stops the old pods before
 * the migration) and the restore Job (post-upgrade and post-rollback hook: gives the replicas back)
 * run for real with {@code /bin/sh}, exactly the script text the containers get, against the stub
 * kubectl (its model of workloads and pods is checked against the real kubectl by
 * {@link JsonPathRealKubectlTest}). Time is the stub's: a pod of a stopped workload goes after as
 * many "get pods" polls as its linger says, so nothing depends on timing.
 */
class QuiesceScenarioTest {
    static final String KEY = "6e7c917868";
    static final String OLD_KEY = "0a1b2c3d4e";
    static final String RECORD = "shop-api-migrations";
    static final String API = "shop-api";
    static final String WORKER = "shop-worker";
    static final String DB = "shop-db";
    static final String CLEANUP = "shop-cleanup";
    static final String[] API_LABELS = {"app.kubernetes.io/name=shop", "app.kubernetes.io/instance=shop",
            "app.kubernetes.io/component=api"};
    static final String[] DB_LABELS = {"app.kubernetes.io/name=shop", "app.kubernetes.io/component=db"};
    static final String API_TARGET = "deployment " + API + " app.kubernetes.io/name=shop,app.kubernetes.io/instance=shop,"
            + "app.kubernetes.io/component=api";
    static final String WEB_TARGET = "deployment shop-web app.kubernetes.io/name=shop,app.kubernetes.io/component=web";
    static final String DB_TARGET = "statefulset " + DB + " app.kubernetes.io/name=shop,app.kubernetes.io/component=db";
    /** A CronJob has no selector line: its pods are found through its active Jobs. */
    static final String CLEANUP_TARGET = "cronjob " + CLEANUP;
    static final String SAVED = "sluice.dev/replicas-before-quiesce";
    static final String MARK = "sluice.dev/suspended-by-quiesce";
    static final String FORBIDDEN = "is forbidden: User \"system:serviceaccount:default:default\" cannot ";

    @TempDir
    Path tmp;
    Path bin;
    StubState state;

    @BeforeEach
    void setUp() throws IOException {
        bin = GateScenarioTest.installStub(tmp.resolve("bin"));
        state = new StubState(tmp.resolve("state"), KEY);
        state.configMap(RECORD, OLD_KEY, "succeeded job=shop-api-migrate");
    }

    @AfterEach
    void noUnsupportedCalls() throws IOException {
        state.assertNoUnsupportedCalls();
    }

    // ------------------------------------------------------------------------------ run only on change (I4)

    @Test
    void unchangedUpgrade_migrationAlreadySucceeded_stopsNothing_noScaleCallAtAll() {
        state.configMap(RECORD, KEY, "succeeded job=shop-api-migrate");
        state.deployment(API, 3).pod("shop-api-1", "deployment/" + API, null, null, API_LABELS);
        state.cronJob(CLEANUP, false);
        Run q = quiesce("scale-down", 30, API_TARGET, CLEANUP_TARGET);
        assertEquals(0, q.exit(), q.toString());
        assertEquals(List.of("get configmap " + RECORD + " -o jsonpath={.data." + KEY + "}"), state.calls());
        assertEquals(List.of("sluice: migration " + KEY + " already succeeded (succeeded job=shop-api-migrate): nothing to stop"),
                q.outLines());
        assertEquals(3, state.replicas("deployment", API));
        assertEquals(false, state.suspended(CLEANUP));

        // and the restore after it finds nothing to give back
        Run r = restore(API_TARGET, CLEANUP_TARGET);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.out() + r.err());
        assertEquals(List.of(), state.calls().stream().filter(c -> !c.startsWith("get ")).toList());
    }

    @Test
    void recordUnreadable_failsBeforeStoppingAnything() {
        state.forbid("get", "configmaps");
        state.deployment(API, 3);
        Run q = quiesce("scale-down", 30, API_TARGET);
        assertEquals(1, q.exit(), q.toString());
        assertTrue(q.err().contains("sluice: cannot read ConfigMap " + RECORD + ": Error from server (Forbidden): configmaps \""
                + RECORD + "\" " + FORBIDDEN + "get resource \"configmaps\""), q.toString());
        assertEquals(1, state.calls().size(), state.calls().toString());
        assertEquals(3, state.replicas("deployment", API));
    }

    // ------------------------------------------------------------------------------ scale-down

    @Test
    void scaleDown_theChartsTargets_stopsEach_waitsForTheirPods_incl_aCronJobRunStartedByTheOldRevision() throws IOException {
        // the targets exactly as sluice writes them for charts-example (golden case scale-down-steps)
        String targets = goldenEnv("scale-down-steps", "shop-api-quiesce", "SLUICE_TARGETS");
        assertEquals(3, targets.split("\n").length, targets);
        state.deployment(API, 3);
        state.deployment(WORKER, 5);                // HPA-managed: the live object has the HPA's count
        state.cronJob(CLEANUP, false);
        state.pod("shop-api-6f7d-a", "deployment/" + API, null, "1", API_LABELS);
        state.pod("shop-api-6f7d-b", "deployment/" + API, null, null, API_LABELS);
        state.pod("shop-worker-5c9-a", "deployment/" + WORKER, null, null, "app.kubernetes.io/name=shop",
                "app.kubernetes.io/instance=shop", "app.kubernetes.io/component=worker");
        // a run started by the old revision: its labels are the old chart's and app version, which
        // the new revision's selector does not match; and an old finished run, which runs nothing
        String[] oldRun = {"helm.sh/chart=shop-0.0.9", "app.kubernetes.io/name=shop", "app.kubernetes.io/instance=shop",
                "app.kubernetes.io/version=2.4.0", "app.kubernetes.io/managed-by=Helm", "app.kubernetes.io/part-of=shop",
                "app.kubernetes.io/component=cleanup", "batch.kubernetes.io/job-name=shop-cleanup-29380001"};
        state.pod("shop-cleanup-29380001-x", "cronjob/" + CLEANUP, null, "5", oldRun);
        state.pod("shop-cleanup-29379990-y", "cronjob/" + CLEANUP, "Succeeded", "never", oldRun);
        Run q = run(Quiesce.QUIESCE_SCRIPT, env("scale-down", 30, targets));
        assertEquals(0, q.exit(), q.toString());
        assertEquals(List.of(
                "sluice: scaled deployment/" + API + " to 0 (was 3)",
                "sluice: scaled deployment/" + WORKER + " to 0 (was 5)",
                "sluice: suspended cronjob/" + CLEANUP,
                "sluice: no pod of deployment/" + API + " is left",
                "sluice: no pod of deployment/" + WORKER + " is left",
                "sluice: no pod of cronjob/" + CLEANUP + " is left",
                "sluice: old pods stopped; the migration may run"), q.outLines(), q.toString());
        assertEquals("", q.err());
        assertEquals(0, state.replicas("deployment", API));
        assertEquals(0, state.replicas("deployment", WORKER));
        assertEquals(Map.of(SAVED, "3"), state.annotations("deployment", API));
        assertEquals(Map.of(SAVED, "5"), state.annotations("deployment", WORKER));
        assertEquals(true, state.suspended(CLEANUP));
        assertEquals(Map.of(MARK, "true"), state.annotations("cronjob", CLEANUP));
        // I3: no old pod runs when the migration starts (the finished run may stay)
        assertEquals(List.of("shop-cleanup-29379990-y"), state.pods(), q.toString());
        assertTrue(state.calls("get", "cronjob").stream().filter(c -> c.contains("status.active")).count() >= 2,
                "the old run was not waited for\n" + state.calls());
    }

    @Test
    void scaleForbidden_failsWithTheKubectlError_andGivesBackWhatItHadStopped() {
        state.cronJob(CLEANUP, false).deployment(API, 3).statefulSet(DB, 2);
        state.forbid("patch", "statefulsets/scale");
        Run q = quiesce("scale-down", 30, CLEANUP_TARGET, API_TARGET, DB_TARGET);
        assertEquals(1, q.exit(), q.toString());
        assertEquals(List.of(
                "sluice: cannot scale statefulset/" + DB + " to 0: Error from server (Forbidden): statefulsets.apps \"" + DB + "\" "
                        + FORBIDDEN + "patch resource \"statefulsets/scale\" in API group \"apps\" in the namespace \"default\"",
                "sluice: resumed cronjob/" + CLEANUP,
                "sluice: restored deployment/" + API + " to 3 replicas"), q.errLines(), q.toString());
        assertEquals(List.of("sluice: suspended cronjob/" + CLEANUP, "sluice: scaled deployment/" + API + " to 0 (was 3)"),
                q.outLines());
        assertEquals(false, state.suspended(CLEANUP));
        assertEquals(Map.of(), state.annotations("cronjob", CLEANUP));
        assertEquals(3, state.replicas("deployment", API));
        assertEquals(Map.of(), state.annotations("deployment", API));
        assertEquals(2, state.replicas("statefulset", DB));
        assertEquals(0, state.count("get", "pods"), "waited for pods after a failure");
    }

    @Test
    void podsNeverTerminate_timesOutNamingTheWorkload_andRestoresItsReplicas() {
        state.deployment(API, 3).statefulSet(DB, 2);
        state.pod("shop-api-6f7d-a", "deployment/" + API, null, "never", API_LABELS);   // a finalizer, a stuck node...
        state.pod("shop-db-0", "statefulset/" + DB, null, null, DB_LABELS);
        Run q = quiesce("scale-down", 1, DB_TARGET, API_TARGET);
        assertEquals(1, q.exit(), q.toString());
        assertEquals(List.of(
                "sluice: gave up after 1s: deployment/" + API + " is not stopped: pod/shop-api-6f7d-a",
                "sluice: restored statefulset/" + DB + " to 2 replicas",
                "sluice: restored deployment/" + API + " to 3 replicas"), q.errLines(), q.toString());
        assertEquals(3, state.replicas("deployment", API));
        assertEquals(2, state.replicas("statefulset", DB));
        assertEquals(Map.of(), state.annotations("deployment", API));
        assertEquals(Map.of(), state.annotations("statefulset", DB));
    }

    @Test
    void podsUnlistable_failsWithTheKubectlError_andRestores() {
        state.deployment(API, 3);
        state.forbid("list", "pods");
        Run q = quiesce("scale-down", 30, API_TARGET);
        assertEquals(1, q.exit(), q.toString());
        assertEquals(List.of(
                "sluice: cannot list the pods of deployment/" + API + ": Error from server (Forbidden): pods " + FORBIDDEN
                        + "list resource \"pods\" in API group \"\" in the namespace \"default\"",
                "sluice: restored deployment/" + API + " to 3 replicas"), q.errLines(), q.toString());
        assertEquals(3, state.replicas("deployment", API));
    }

    @Test
    void givingBackFails_saysWhatIsLeftStopped_andKeepsTheSavedCountForTheRestoreHook() {
        state.deployment(API, 3).pod("shop-api-6f7d-a", "deployment/" + API, null, "never", API_LABELS);
        // the scale back is refused (the second scale call; the first one stopped it)
        state.at("scale", "deployment", 2).set().forbid("patch", "deployments/scale");
        Run q = quiesce("scale-down", 1, API_TARGET);
        assertEquals(1, q.exit(), q.toString());
        assertTrue(q.err().contains("sluice: could not restore deployment/" + API + " to 3 replicas (the restore hook does"
                + " after a rollback): Error from server (Forbidden)"), q.toString());
        assertEquals(0, state.replicas("deployment", API));
        assertEquals(Map.of(SAVED, "3"), state.annotations("deployment", API));
    }

    @Test
    void hpaManagedDeployment_withoutSpecReplicasInTheChart_getsItsCountBackAfterTheUpgrade() {
        // The chart leaves spec.replicas to the HPA. The live object still has it: the API server
        // defaults it and the HPA writes it (here 7), so quiesce reads 7, never an empty value (its
        // fallback ${cur:-1} is for an impossible case). Helm's upgrade does not touch spec.replicas
        // (not in the chart), so the Deployment stays at 0, where an HPA does nothing: restore must act.
        state.deployment(WORKER, 7);
        state.pod("shop-worker-5c9-a", "deployment/" + WORKER, null, "2", "app.kubernetes.io/component=worker");
        String target = "deployment " + WORKER + " app.kubernetes.io/component=worker";
        Run q = quiesce("scale-down", 30, target);
        assertEquals(0, q.exit(), q.toString());
        assertTrue(q.out().contains("sluice: scaled deployment/" + WORKER + " to 0 (was 7)"), q.toString());
        assertEquals(List.of("annotate deployment " + WORKER + " --overwrite " + SAVED + "=7"), state.calls("annotate", "deployment"));
        assertEquals(3, state.count("get", "pods"), "linger 2: listed twice more, gone at the third poll");

        // the migration ran; Helm applied the new Deployment without spec.replicas: still 0
        state.clearCalls();
        Run r = restore(target);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("sluice: restored deployment/" + WORKER + " to 7 replicas"), r.outLines());
        assertEquals(7, state.replicas("deployment", WORKER));
        assertEquals(Map.of(), state.annotations("deployment", WORKER));
    }

    @Test
    void secondAttemptAfterAFailedUpgradeWithoutRollback_keepsTheCountSavedTheFirstTime() {
        // the first attempt stopped it and the migration failed; nobody rolled back: at 0, count saved
        state.deployment(API, 0).annotation("deployment", API, SAVED, "3");
        Run q = quiesce("scale-down", 30, API_TARGET);
        assertEquals(0, q.exit(), q.toString());
        assertEquals(List.of(), state.calls("annotate", "deployment"), "the saved count was overwritten with 0");
        assertEquals(Map.of(SAVED, "3"), state.annotations("deployment", API));

        Run r = restore(API_TARGET);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(3, state.replicas("deployment", API));
    }

    @Test
    void cronJob_suspendedThenResumed_aCronJobSuspendedOnPurposeIsLeftAlone() {
        String paused = "cronjob shop-report";
        state.cronJob(CLEANUP, false).cronJob("shop-report", true);
        Run q = quiesce("scale-down", 30, CLEANUP_TARGET, paused);
        assertEquals(0, q.exit(), q.toString());
        assertEquals(List.of(
                "sluice: suspended cronjob/" + CLEANUP,
                "sluice: cronjob/shop-report is suspended already",
                "sluice: no pod of cronjob/" + CLEANUP + " is left",
                "sluice: no pod of cronjob/shop-report is left",
                "sluice: old pods stopped; the migration may run"), q.outLines(), q.toString());
        assertEquals(List.of("patch cronjob " + CLEANUP + " --type merge -p {\"metadata\":{\"annotations\":{\"" + MARK
                + "\":\"true\"}},\"spec\":{\"suspend\":true}}"), state.calls("patch", "cronjob"));

        state.clearCalls();
        Run r = restore(CLEANUP_TARGET, paused);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("sluice: resumed cronjob/" + CLEANUP), r.outLines());
        assertEquals(false, state.suspended(CLEANUP));
        assertEquals(Map.of(), state.annotations("cronjob", CLEANUP));
        assertEquals(true, state.suspended("shop-report"), "a CronJob suspended on purpose was resumed");
        assertEquals(1, state.calls("patch", "cronjob").size());
    }

    @Test
    void cronJobWhosePodsHaveNoLabels_theOfficialMastodonChart_isWaitedForThroughItsActiveJobs() {
        // Mastodon's media-remove CronJob: no labels in its job template; its run's pod has only the
        // label the Job controller adds, and keeps running a while after its Job has finished
        String target = "cronjob rel-mastodon-media-remove";
        state.cronJob("rel-mastodon-media-remove", false);
        state.pod("rel-mastodon-media-remove-29380001-x", "cronjob/rel-mastodon-media-remove", null, "3",
                "batch.kubernetes.io/job-name=rel-mastodon-media-remove-29380001");
        state.pod("unrelated-pod", "deployment/other", null, "never", "batch.kubernetes.io/job-name=other-1");
        Run q = quiesce("scale-down", 30, target);
        assertEquals(0, q.exit(), q.toString());
        assertEquals(List.of(
                "sluice: suspended cronjob/rel-mastodon-media-remove",
                "sluice: no pod of cronjob/rel-mastodon-media-remove is left",
                "sluice: old pods stopped; the migration may run"), q.outLines(), q.toString());
        assertEquals(List.of("unrelated-pod"), state.pods(), "I3: the run was waited for, and only it");
        assertTrue(state.calls("get", "pods").stream().anyMatch(c -> c.contains(
                "-l batch.kubernetes.io/job-name in (rel-mastodon-media-remove-29380001)")), state.calls().toString());
    }

    @Test
    void cronJobRunThatNeverStops_timesOutNamingItsJob_andResumesTheCronJob() {
        state.cronJob(CLEANUP, false);
        state.pod("shop-cleanup-29380001-x", "cronjob/" + CLEANUP, null, "never", "batch.kubernetes.io/job-name=shop-cleanup-29380001");
        Run q = quiesce("scale-down", 1, CLEANUP_TARGET);
        assertEquals(1, q.exit(), q.toString());
        assertEquals("sluice: gave up after 1s: cronjob/" + CLEANUP + " is not stopped: running Jobs: shop-cleanup-29380001",
                q.errLines().get(0), q.toString());
        assertEquals(false, state.suspended(CLEANUP), "given back after the failure");
    }

    @Test
    void delete_aCronJob_waitsForThePodsOfTheJobsItRanBeforeItWent() {
        state.cronJob(CLEANUP, false);
        state.pod("shop-cleanup-29380001-x", "cronjob/" + CLEANUP, null, "3", "batch.kubernetes.io/job-name=shop-cleanup-29380001");
        Run q = quiesce("delete", 30, CLEANUP_TARGET);
        assertEquals(0, q.exit(), q.toString());
        assertEquals(List.of(), state.pods());
        assertFalse(state.exists("cronjob", CLEANUP));
        List<String> calls = state.calls();
        assertTrue(calls.indexOf("get cronjob " + CLEANUP + " -o jsonpath={.status.active[*].name}")
                < calls.indexOf("delete cronjob " + CLEANUP + " --cascade=foreground --wait=false --ignore-not-found"),
                "its running Jobs are read before it goes: " + calls);
    }

    // ------------------------------------------------------------------------------ restore

    @Test
    void restoreAfterTheUpgrade_givesBackOnlyWhereAtZero_dropsTheAnnotationEverywhere() {
        state.deployment(API, 0).annotation("deployment", API, SAVED, "3");            // chart without spec.replicas
        state.deployment("shop-web", 4).annotation("deployment", "shop-web", SAVED, "2"); // Helm applied the chart's 4
        state.statefulSet(DB, 2);                                                        // never stopped (new target)
        state.cronJob(CLEANUP, true).annotation("cronjob", CLEANUP, MARK, "true");
        Run r = restore(API_TARGET, WEB_TARGET, DB_TARGET, CLEANUP_TARGET);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(
                "sluice: restored deployment/" + API + " to 3 replicas",
                "sluice: deployment/shop-web already runs 4 replicas",
                "sluice: resumed cronjob/" + CLEANUP), r.outLines(), r.toString());
        assertEquals(List.of("scale deployment " + API + " --replicas=3"), state.calls("scale", "deployment"));
        assertEquals(List.of(), state.calls("scale", "statefulset"));
        assertEquals(List.of(), state.calls("annotate", "statefulset"));
        assertEquals(3, state.replicas("deployment", API));
        assertEquals(4, state.replicas("deployment", "shop-web"));
        assertEquals(2, state.replicas("statefulset", DB));
        assertEquals(Map.of(), state.annotations("deployment", API));
        assertEquals(Map.of(), state.annotations("deployment", "shop-web"));
        assertEquals(false, state.suspended(CLEANUP));
    }

    @Test
    void migrationFailsAfterQuiesce_theRollbacksRestoreGivesEverythingBack() {
        state.deployment(WORKER, 4).statefulSet(DB, 2).cronJob(CLEANUP, false);
        String worker = "deployment " + WORKER + " app.kubernetes.io/component=worker";
        Run q = quiesce("scale-down", 30, worker, DB_TARGET, CLEANUP_TARGET);
        assertEquals(0, q.exit(), q.toString());

        // the migration Job fails: Helm fails the upgrade (no post-upgrade hook); `helm rollback`
        // (or --atomic / --rollback-on-failure) applies the previous revision: the StatefulSet's chart
        // sets spec.replicas: 2, which Helm's three-way merge puts back; the worker's has none
        state.replicas("statefulset", DB, 2);
        state.clearCalls();
        Run r = restore(worker, DB_TARGET, CLEANUP_TARGET);   // as the post-rollback hook
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(
                "sluice: restored deployment/" + WORKER + " to 4 replicas",
                "sluice: statefulset/" + DB + " already runs 2 replicas",
                "sluice: resumed cronjob/" + CLEANUP), r.outLines(), r.toString());
        assertEquals(4, state.replicas("deployment", WORKER));
        assertEquals(2, state.replicas("statefulset", DB));
        assertEquals(false, state.suspended(CLEANUP));
        for (String[] w : new String[][] {{"deployment", WORKER}, {"statefulset", DB}, {"cronjob", CLEANUP}}) {
            assertEquals(Map.of(), state.annotations(w[0], w[1]), w[0] + "/" + w[1]);
        }
    }

    @Test
    void restoreKeepsGoingPastAFailingTarget_andFailsAtTheEnd() {
        state.statefulSet(DB, 0).annotation("statefulset", DB, SAVED, "2");
        state.deployment(API, 0).annotation("deployment", API, SAVED, "3");
        state.forbid("patch", "statefulsets/scale");
        Run r = restore(DB_TARGET, API_TARGET);
        assertEquals(1, r.exit(), r.toString());
        assertEquals(List.of("sluice: cannot scale statefulset/" + DB + " to 2: Error from server (Forbidden): statefulsets.apps \""
                + DB + "\" " + FORBIDDEN + "patch resource \"statefulsets/scale\" in API group \"apps\" in the namespace"
                + " \"default\""), r.errLines(), r.toString());
        assertEquals(List.of("sluice: restored deployment/" + API + " to 3 replicas"), r.outLines());
        assertEquals(3, state.replicas("deployment", API));
        assertEquals(Map.of(SAVED, "2"), state.annotations("statefulset", DB), "the count to give back was dropped");
    }

    @Test
    void restoreCannotDropTheAnnotation_warns_butTheReplicasAreBack() {
        state.deployment(API, 0).annotation("deployment", API, SAVED, "3");
        state.forbid("patch", "deployments");
        Run r = restore(API_TARGET);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(3, state.replicas("deployment", API));
        assertEquals(List.of("sluice: warning: could not remove the annotation " + SAVED + " of deployment/" + API
                + ": Error from server (Forbidden): deployments.apps \"" + API + "\" " + FORBIDDEN + "patch resource"
                + " \"deployments\" in API group \"apps\" in the namespace \"default\""), r.errLines(), r.toString());
    }

    @Test
    void restoreOfATargetThatIsGone_isNothingToDo() {
        Run r = restore(API_TARGET, CLEANUP_TARGET);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.out() + r.err());
    }

    // ------------------------------------------------------------------------------ delete

    @Test
    void delete_targetsMissing_firstInstallOrNewTargets_nothingToDo() {
        Run q = quiesce("delete", 30, API_TARGET, CLEANUP_TARGET);
        assertEquals(0, q.exit(), q.toString());
        assertEquals(List.of(
                "sluice: deleting deployment/" + API + " (foreground: its pods go first)",
                "sluice: deleting cronjob/" + CLEANUP + " (foreground: its pods go first)",
                "sluice: no pod of deployment/" + API + " is left",
                "sluice: no pod of cronjob/" + CLEANUP + " is left",
                "sluice: old pods stopped; the migration may run"), q.outLines(), q.toString());
        assertEquals("", q.err());
    }

    @Test
    void delete_foreground_waitsForThePodsAndThenTheObject() {
        state.deployment(API, 3).cronJob(CLEANUP, false);
        state.pod("shop-api-6f7d-a", "deployment/" + API, null, "2", API_LABELS);
        state.pod("shop-cleanup-29380001-x", "cronjob/" + CLEANUP, null, "4", "app.kubernetes.io/component=cleanup",
                "batch.kubernetes.io/job-name=shop-cleanup-29380001");
        Run q = quiesce("delete", 30, API_TARGET, CLEANUP_TARGET);
        assertEquals(0, q.exit(), q.toString());
        assertFalse(state.exists("deployment", API));
        assertFalse(state.exists("cronjob", CLEANUP));
        assertEquals(List.of(), state.pods());
        assertEquals(List.of("delete deployment " + API + " --cascade=foreground --wait=false --ignore-not-found",
                "delete cronjob " + CLEANUP + " --cascade=foreground --wait=false --ignore-not-found"),
                state.calls().stream().filter(c -> c.startsWith("delete ")).toList());
        // the objects were seen going (a Deployment that still exists cannot be recreated by Helm)
        assertTrue(state.calls("get", "deployment").contains("get deployment " + API + " -o name"), state.calls().toString());
    }

    @Test
    void deleteForbidden_failsWithTheKubectlError() {
        state.deployment(API, 3);
        state.forbid("delete", "deployments");
        Run q = quiesce("delete", 30, API_TARGET);
        assertEquals(1, q.exit(), q.toString());
        assertEquals(List.of("sluice: cannot delete deployment/" + API + ": Error from server (Forbidden): deployments.apps \""
                + API + "\" " + FORBIDDEN + "delete resource \"deployments\" in API group \"apps\" in the namespace \"default\""),
                q.errLines(), q.toString());
        assertTrue(state.exists("deployment", API));
    }

    @Test
    void delete_objectStuckInDeletion_timesOutNamingIt() {
        state.deployment(API, 3).beingDeleted("deployment", API);
        state.pod("shop-api-6f7d-a", "deployment/" + API, "Failed", "never", API_LABELS);   // keeps it from going
        Run q = quiesce("delete", 1, API_TARGET);
        assertEquals(1, q.exit(), q.toString());
        assertEquals(List.of("sluice: gave up after 1s: deployment/" + API + " is not stopped: deployment/" + API
                + " is still being deleted"), q.errLines(), q.toString());
    }

    // ------------------------------------------------------------------------------ running

    Run quiesce(String strategy, int timeoutSeconds, String... targets) {
        return run(Quiesce.QUIESCE_SCRIPT, env(strategy, timeoutSeconds, String.join("\n", targets)));
    }

    Run restore(String... targets) {
        Map<String, String> env = env("scale-down", 300, String.join("\n", targets));
        return run(ScaleDown.RESTORE_SCRIPT, env);
    }

    /** The environment Quiesce gives both Jobs' containers (HOME too), plus the stub's. */
    Map<String, String> env(String strategy, int timeoutSeconds, String targets) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SLUICE_MIGRATION", KEY);
        env.put("SLUICE_RECORD", RECORD);
        env.put("SLUICE_STRATEGY", strategy);
        env.put("SLUICE_TIMEOUT", Integer.toString(timeoutSeconds));
        env.put("SLUICE_TARGETS", targets);
        env.put("HOME", tmp.toString());
        env.put("SLUICE_POLL_SECONDS", timeoutSeconds <= 1 ? "0.1" : "0");
        env.put("STUB_STATE", state.dir.toString());
        return env;
    }

    Run run(String script, Map<String, String> env) {
        return GateScenarioTest.runScript(script, env, bin + ":" + System.getenv("PATH"), tmp);
    }

    /** An env value of a container of a Job in a golden case's expected output. */
    static String goldenEnv(String goldenCase, String job, String variable) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        try (var docs = yaml.readerFor(JsonNode.class).<JsonNode>readValues(
                Files.readString(Path.of("testdata", goldenCase, "expected.yaml")))) {
            while (docs.hasNext()) {
                JsonNode d = docs.next();
                if (d == null || !d.path("kind").asText().equals("Job") || !d.path("metadata").path("name").asText().equals(job)) {
                    continue;
                }
                for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                    for (JsonNode e : c.path("env")) {
                        if (e.path("name").asText().equals(variable)) {
                            return e.path("value").asText();
                        }
                    }
                }
            }
        }
        fail("no " + variable + " in Job " + job + " of testdata/" + goldenCase);
        return null;
    }

    @Test
    void theGoldenQuiesceJobIsWhereThisTestLooks() throws IOException {
        assertNotNull(goldenEnv("scale-down-steps", "shop-api-quiesce", "SLUICE_STRATEGY"));
        assertEquals("delete", goldenEnv("delete-strategy", "shop-api-quiesce", "SLUICE_STRATEGY"));
    }
}
