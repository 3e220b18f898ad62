package dev.sluice.weave;

import dev.sluice.kube.Needed;
import dev.sluice.plan.PlanException;
import dev.sluice.stream.StreamReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sluice's hook weights: its own order, after the chart hooks its Jobs depend on, never on a weight another hook of the event has. */
class HookWeightsTest {
    static final Set<Needed> USES_DSN = Set.of(new Needed("Secret", "shop-dsn", "spec.template.spec.containers[0].envFrom[0]"));

    static HookSchedule chart(String... hooks) {
        StringBuilder yaml = new StringBuilder();
        for (String h : hooks) {
            String[] p = h.split(" ");  // Kind name events weight
            yaml.append("---\napiVersion: v1\nkind: ").append(p[0]).append("\nmetadata:\n  name: ").append(p[1])
                    .append("\n  annotations:\n    helm.sh/hook: ").append(p[2]).append("\n    helm.sh/hook-weight: \"")
                    .append(p[3]).append("\"\n");
        }
        return HookSchedule.of(StreamReader.read(yaml.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static HookWeights.Layout layout(String plan, boolean scaleDown, int before, int after, Set<Needed> needs, Long fixed) {
        List<HookWeights.Slot> access = new ArrayList<>(List.of(
                new HookWeights.Slot("Role/" + plan + "-gate", HookWeights.ROLE, HookWeights.PRE, Set.of(), "RBAC"),
                new HookWeights.Slot("RoleBinding/" + plan + "-gate", HookWeights.ROLE_BINDING, HookWeights.PRE, Set.of(), "RBAC"),
                new HookWeights.Slot("ServiceAccount/" + plan + "-record", HookWeights.RECORD_ACCOUNT, HookWeights.PRE, Set.of(), "RBAC"),
                new HookWeights.Slot("Role/" + plan + "-record", HookWeights.RECORD_ROLE, HookWeights.PRE, Set.of(), "RBAC"),
                new HookWeights.Slot("RoleBinding/" + plan + "-record", HookWeights.RECORD_ROLE_BINDING, HookWeights.PRE, Set.of(), "RBAC")));
        if (scaleDown) {
            access.add(new HookWeights.Slot("ServiceAccount/" + plan + "-q", HookWeights.QUIESCE_ACCOUNT, HookWeights.PRE_UPGRADE, Set.of(), "q"));
            access.add(new HookWeights.Slot("Role/" + plan + "-q", HookWeights.QUIESCE_ROLE, HookWeights.PRE_UPGRADE, Set.of(), "q"));
            access.add(new HookWeights.Slot("RoleBinding/" + plan + "-q", HookWeights.QUIESCE_ROLE_BINDING, HookWeights.PRE_UPGRADE, Set.of(), "q"));
            access.add(new HookWeights.Slot("Job/" + plan + "-quiesce", HookWeights.QUIESCE, HookWeights.PRE_UPGRADE, Set.of(), "stops"));
        }
        List<HookWeights.Slot> steps = new ArrayList<>();
        for (int i = 0; i < before; i++) {
            steps.add(new HookWeights.Slot("Job/" + plan + "-step-" + i, HookWeights.STEPS_BEFORE + i, HookWeights.PRE, needs, "step"));
        }
        List<HookWeights.Slot> stepsAfter = new ArrayList<>();
        for (int i = 0; i < after; i++) {
            stepsAfter.add(new HookWeights.Slot("Job/" + plan + "-after-" + i, HookWeights.STEPS_AFTER + i, HookWeights.POST, Set.of(), ""));
        }
        return new HookWeights.Layout(plan, "", access, steps,
                new HookWeights.Slot("Job/" + plan + "-migrate", HookWeights.MIGRATION, HookWeights.PRE, needs, ""),
                new HookWeights.Slot("Job/" + plan + "-record", HookWeights.RECORD_JOB, HookWeights.RECORD_EVENTS, Set.of(), ""), fixed,
                scaleDown ? new HookWeights.Slot("Job/" + plan + "-restore", HookWeights.RESTORE, HookWeights.RESTORE_EVENTS, Set.of(), "") : null,
                stepsAfter);
    }

    @Test
    void aloneSluiceKeepsItsBaseWeights() {
        HookWeights w = HookWeights.choose(layout("shop", true, 2, 1, USES_DSN, null), chart());
        assertEquals(List.of(-50L, -49L, -48L, -47L, -46L, -30L), List.of(w.role(), w.roleBinding(), w.quiesceAccount(),
                w.quiesceRole(), w.quiesceRoleBinding(), w.quiesce()));
        assertEquals(List.of(-45L, -44L, -43L), List.of(w.recordAccount(), w.recordRole(), w.recordRoleBinding()));
        assertEquals(List.of(-25L, -24L), w.stepsBefore());
        assertEquals(-10, w.migration());
        assertEquals(-9, w.recordJob(), "the record Job right after the migration");
        assertEquals(0, w.restore());
        assertEquals(List.of(10L), w.stepsAfter());
    }

    @Test
    void theMigrationAndStepsBeforeRunAfterTheChartHookThatCreatesWhatTheyUse() {
        // Ory's DSN Secret at weight 0, Sentry's at 3: the migration and the steps before move past it, keeping their spacing
        for (long secret : List.of(0L, 3L, 99_999_999_999L)) {
            HookWeights w = HookWeights.choose(layout("shop", true, 1, 0, USES_DSN, null),
                    chart("Secret shop-dsn pre-install,pre-upgrade " + secret));
            assertEquals(secret + 1, w.stepsBefore().get(0), "the step before after the Secret at " + secret);
            assertEquals(secret + 16, w.migration(), "the migration after the step");
            assertEquals(secret + 17, w.recordJob(), "the record Job moves with the migration");
            assertEquals(-30, w.quiesce(), "stopping the old pods needs nothing of the chart: as early as before");
            assertEquals(-50, w.role());
        }
    }

    @Test
    void aChartHookOfAnotherEventOrOtherObjectDoesNotMoveTheMigration() {
        assertEquals(-10, HookWeights.choose(layout("shop", false, 0, 0, USES_DSN, null),
                chart("Secret shop-dsn post-install 5", "Secret other pre-install 5")).migration());
    }

    @Test
    void everyPlanGetsWeightsOfItsOwnAndNoneTiesWithTheChart() {
        HookSchedule schedule = chart("Job cache-flush pre-upgrade 0", "Job smoke post-upgrade 0", "ConfigMap x pre-install -49");
        HookWeights a = HookWeights.choose(layout("a", true, 0, 0, Set.of(), null), schedule);
        HookWeights b = HookWeights.choose(layout("b", true, 0, 0, Set.of(), null), schedule);
        assertEquals(-1, a.restore(), "the restore before the chart's post hook at 0 (replicas back first), not tied with it");
        assertEquals(-2, b.restore());
        List<Long> all = new ArrayList<>();
        for (HookWeights w : List.of(a, b)) {
            all.addAll(List.of(w.role(), w.roleBinding(), w.recordAccount(), w.recordRole(), w.recordRoleBinding(), w.quiesceAccount(),
                    w.quiesceRole(), w.quiesceRoleBinding(), w.quiesce(), w.migration(), w.recordJob()));
        }
        assertEquals(all.size(), all.stream().distinct().count(), "distinct weights: " + all);
        assertTrue(!all.contains(0L) && !all.contains(-49L), "no tie with the chart's hooks: " + all);
        assertTrue(a.roleBinding() < a.quiesceAccount() && a.quiesce() < a.migration() && b.quiesce() < b.migration(),
                "each plan keeps sluice's order: " + all);
    }

    @Test
    void aPlanWeightIsKeptOrRefusedNamingBothWeights() {
        assertEquals(-20, HookWeights.choose(layout("shop", true, 0, 0, USES_DSN, -20L), chart()).migration());
        PlanException quiesce = assertThrows(PlanException.class,
                () -> HookWeights.choose(layout("shop", true, 0, 0, USES_DSN, -40L), chart()));
        assertTrue(quiesce.getMessage().contains("spec.migration.hookWeight -40 would run the migration before Job/shop-quiesce (weight -30)"),
                quiesce.getMessage());
        PlanException rbac = assertThrows(PlanException.class,
                () -> HookWeights.choose(layout("shop", false, 0, 0, USES_DSN, -49L), chart()));
        assertTrue(rbac.getMessage().contains("before RoleBinding/shop-record (weight -43)"), rbac.getMessage());
        PlanException recordTie = assertThrows(PlanException.class, () -> HookWeights.choose(layout("shop", false, 0, 0, Set.of(), -2L),
                chart("Job seed post-install -1")));
        assertTrue(recordTie.getMessage().contains("puts Job/shop-record, which records the migration's success right after it, at weight -1,"
                + " also the weight of the chart's hook document 1 Job/seed (post-install)"), recordTie.getMessage());
        PlanException dependency = assertThrows(PlanException.class, () -> HookWeights.choose(layout("shop", false, 0, 0, USES_DSN, -10L),
                chart("Secret shop-dsn pre-install 3")));
        assertTrue(dependency.getMessage().contains("before the chart's hook document 1 Secret/shop-dsn (weight 3)")
                && dependency.getMessage().contains("Set spec.migration.hookWeight above 3"), dependency.getMessage());
        PlanException tie = assertThrows(PlanException.class, () -> HookWeights.choose(layout("shop", false, 0, 0, Set.of(), 0L),
                chart("Job seed pre-upgrade 0")));
        assertTrue(tie.getMessage().contains("is also the weight of the chart's hook document 1 Job/seed (pre-upgrade)"), tie.getMessage());
    }

    @Test
    void noWeightAboveTheLargestIsRefused() {
        PlanException e = assertThrows(PlanException.class, () -> HookWeights.choose(layout("shop", false, 0, 0, USES_DSN, null),
                chart("Secret shop-dsn pre-install " + Long.MAX_VALUE)));
        assertTrue(e.getMessage().contains("must run after a hook of weight 9223372036854775807"), e.getMessage());
    }

    /** A plan adopting the chart's Job {@code name} at {@code weight}: that Job is the layout's migration, at its own weight. */
    static HookWeights.Layout adopting(boolean scaleDown, int before, String name, long weight) {
        HookWeights.Layout l = layout("shop", scaleDown, before, 0, Set.of(), null);
        return new HookWeights.Layout(l.plan(), l.namespace(), l.access(), l.stepsBefore(),
                new HookWeights.Slot("Job/" + name, weight, HookWeights.PRE, Set.of(), ""), l.record(), weight, l.restore(),
                l.stepsAfter());
    }

    @Test
    void adopted_theChartsJobKeepsItsWeight_theRecordJobTakesTheFirstFreeWeightAfterIt() {
        // the chart's migration at 1 and another pre-upgrade hook of the chart at 2: the record Job goes to 3
        HookSchedule schedule = chart("Job automigrate pre-install,pre-upgrade 1", "Job warm pre-upgrade 2");
        HookWeights w = HookWeights.adopted(adopting(true, 1, "automigrate", 1), schedule);
        assertEquals(1, w.migration());
        assertEquals(3, w.recordJob());
        assertEquals(-30, w.quiesce());
        assertEquals(List.of(-25L), w.stepsBefore());
    }

    @Test
    void adopted_theChartsJobBeforeAStepBefore_isRefusedNamingBoth() {
        HookSchedule schedule = chart("Job automigrate pre-install,pre-upgrade -28");
        PlanException e = assertThrows(PlanException.class, () -> HookWeights.adopted(adopting(false, 1, "automigrate", -28), schedule));
        assertEquals("plan shop: spec.migration.adopt: the chart's Job/automigrate runs at weight -28 (helm.sh/hook-weight), before"
                + " Job/shop-step-0 (weight -25), step. sluice does not move the chart's Job: give it a weight above -25 in the chart"
                + " (or its values), or remove spec.migration.adopt and give spec.migration.command", e.getMessage());
    }
}
