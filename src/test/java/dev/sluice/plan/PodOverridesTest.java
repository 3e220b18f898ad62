package dev.sluice.plan;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** spec.migration.pod is checked as the API server would check the pod it ends up in. */
class PodOverridesTest {
    static String plan(String pod) {
        return """
                apiVersion: sluice.dev/v1alpha1
                kind: MigrationPlan
                metadata: {name: shop}
                spec:
                  targets: [{name: shop-api}]
                  migration:
                    command: [migrate]
                    pod:
                """ + pod.indent(6);
    }

    static String error(String pod) {
        return assertThrows(PlanException.class, () -> PlanLoader.parse(plan(pod), "plan")).getMessage();
    }

    @Test
    void aGoodPodBinds() {
        MigrationPlan.Pod pod = PlanLoader.parse(plan("""
                labels: {db-access: "true", example.com/tier: ""}
                annotations: {vault.hashicorp.com/agent-inject: "true"}
                removeLabels: [app.kubernetes.io/version]
                initContainers: []
                nodeSelector: {pool: batch}
                tolerations: [{key: batch, operator: Exists, effect: NoSchedule}]
                affinity: {}
                priorityClassName: batch-low
                topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]
                runtimeClassName: gvisor
                """), "plan").get(0).spec().migration().pod();
        assertEquals("true", pod.labels().get("db-access"));
        assertEquals(0, pod.initContainers().size());
        assertEquals("NoSchedule", pod.tolerations().get(0).path("effect").asText());
    }

    @Test
    void keysAndValuesAreTheApiServersOnes() {
        assertTrue(error("labels: {-bad: x}").contains("spec.migration.pod.labels: '-bad' is not a valid key"));
        assertTrue(error("labels: {ok: " + "x".repeat(64) + "}").contains("is not a valid label value"));
        assertTrue(error("annotations: {Bad_Prefix/x: y}").contains("spec.migration.pod.annotations: 'Bad_Prefix/x' is not a valid key"));
        assertTrue(error("removeLabels: [\"\"]").contains("spec.migration.pod.removeLabels[0] is empty"));
        assertTrue(error("nodeSelector: {\"a b\": x}").contains("spec.migration.pod.nodeSelector: 'a b' is not a valid key"));
    }

    @Test
    void initContainerNamesAreListedOnce() {
        assertTrue(error("initContainers: [a, a]").contains("spec.migration.pod.initContainers[1] 'a' is listed twice"));
    }

    @Test
    void schedulingFieldsHaveTheirShape() {
        assertTrue(error("affinity: [nodeAffinity]").contains("spec.migration.pod.affinity must be a mapping"));
        assertTrue(error("tolerations: [{key: a, operator: In}]").contains("tolerations[0].operator 'In' is not Equal or Exists"));
        assertTrue(error("tolerations: [{kee: a}]").contains("unknown field spec.migration.pod.tolerations[0].kee; did you mean 'key'?"));
        assertTrue(error("topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelecter: {}}]")
                .contains("did you mean 'labelSelector'?"));
        assertTrue(error("priorityClassName: Batch_Low").contains("spec.migration.pod.priorityClassName 'Batch_Low' is not a valid class name"));
    }
}
