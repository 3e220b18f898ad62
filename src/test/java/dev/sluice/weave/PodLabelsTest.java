package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.stream.StreamReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The migration pod's label rule, against the Services, PDBs, HPAs, workloads and NetworkPolicies of a stream. */
class PodLabelsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String APP = "{\"app.kubernetes.io/name\":\"shop\",\"app.kubernetes.io/component\":\"api\","
            + "\"app.kubernetes.io/part-of\":\"shop\",\"db-access\":\"true\",\"team\":\"payments\"}";

    static PodSelectors stream(String yaml) {
        return PodSelectors.in(StreamReader.read(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static PodLabels rule(String yaml) throws Exception {
        return PodLabels.of(JSON.readTree(APP), "", stream(yaml), null);
    }

    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: shop-api}
            spec:
              selector: {app.kubernetes.io/name: shop, app.kubernetes.io/component: api}
            """;

    @Test
    void aServiceSelectorIsBrokenByOneKeyAndTheRestIsKept() throws Exception {
        PodLabels r = rule(SERVICE);
        assertEquals(Map.of("app.kubernetes.io/name", List.of("Service/shop-api")), r.removed());
        assertEquals(JSON.readTree("{\"app.kubernetes.io/component\":\"api\",\"app.kubernetes.io/part-of\":\"shop\","
                + "\"db-access\":\"true\",\"team\":\"payments\"}"), r.labels());
    }

    @Test
    void aKeyANetworkPolicyNeedsIsKeptWhenAnotherBreaksTheMatch() throws Exception {
        PodLabels r = rule(SERVICE + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: shop-egress}
                spec:
                  podSelector: {matchLabels: {app.kubernetes.io/name: shop}}
                  policyTypes: [Egress]
                """);
        assertEquals(List.of("app.kubernetes.io/component"), List.copyOf(r.removed().keySet()));
        assertTrue(r.labels().has("app.kubernetes.io/name"));
        assertEquals(List.of(), r.lostAdmission());
    }

    @Test
    void aDisruptionBudgetWithExpressionsIsBroken() throws Exception {
        PodLabels r = rule("""
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: shop}
                spec:
                  minAvailable: 1
                  selector:
                    matchExpressions:
                      - {key: team, operator: In, values: [payments]}
                      - {key: canary, operator: DoesNotExist}
                """);
        assertEquals(Map.of("team", List.of("PodDisruptionBudget/shop")), r.removed());
    }

    @Test
    void anHpaCountsThePodsItsTargetSelects() throws Exception {
        PodLabels r = rule("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: shop-api}
                spec:
                  selector: {matchLabels: {app.kubernetes.io/part-of: shop}}
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: shop-api}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: shop-api}
                  maxReplicas: 5
                """);
        assertEquals(Map.of("app.kubernetes.io/part-of", List.of("Deployment/shop-api",
                "HorizontalPodAutoscaler/shop-api (through Deployment/shop-api's selector)")), r.removed());
        assertTrue(r.notes("shop").get(0).text().contains("HorizontalPodAutoscaler/shop-api"), r.notes("shop").toString());
        assertEquals(Report.Kind.DONE, r.notes("shop").get(0).kind(), "a label left out for a selector is what sluice did, not a caveat");
    }

    @Test
    void aPeerLabelTheDatabaseAdmitsIsKept() throws Exception {
        PodLabels r = rule(SERVICE + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: postgresql}
                spec:
                  podSelector: {matchLabels: {app.kubernetes.io/name: postgresql}}
                  ingress:
                    - from:
                        - podSelector: {matchLabels: {db-access: "true"}}
                """);
        assertEquals("true", r.labels().path("db-access").asText());
        assertEquals(List.of(), r.lostAdmission());
    }

    @Test
    void whenANetworkPolicyAndAServiceNeedTheSameKeyTheServiceLosesAndTheNoteSaysSo() throws Exception {
        PodLabels r = rule("""
                apiVersion: v1
                kind: Service
                metadata: {name: metrics}
                spec:
                  selector: {db-access: "true"}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: postgresql}
                spec:
                  podSelector: {}
                  ingress:
                    - from:
                        - podSelector: {matchLabels: {db-access: "true"}}
                """);
        assertTrue(!r.labels().has("db-access"));
        assertEquals(List.of("NetworkPolicy/postgresql"), r.lostAdmission());
        assertEquals(Report.Kind.NOTE, r.notes("shop").get(0).kind(), "a NetworkPolicy that no longer admits the pod is a caveat");
        assertTrue(r.notes("shop").get(0).text().contains("NetworkPolicy/postgresql selected the app pod by a label left out"),
                r.notes("shop").toString());
    }

    @Test
    void anEmptyDisruptionBudgetSelectorCannotBeBrokenAndIsNoted() throws Exception {
        PodLabels r = rule("""
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: everything}
                spec:
                  maxUnavailable: 1
                  selector: {}
                """);
        assertEquals(Map.of(), r.removed());
        assertEquals(List.of("PodDisruptionBudget/everything"), r.unbreakable());
        assertTrue(r.notes("shop").get(0).text().contains("selects the migration pod whatever its labels"), r.notes("shop").toString());
    }

    @Test
    void objectsInAnotherNamespaceAndServicesWithoutSelectorDoNotCount() throws Exception {
        PodLabels r = PodLabels.of(JSON.readTree(APP), "shop", stream("""
                apiVersion: v1
                kind: Service
                metadata: {name: other, namespace: elsewhere}
                spec:
                  selector: {app.kubernetes.io/name: shop}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: external, namespace: shop}
                spec:
                  type: ExternalName
                  externalName: db.example.com
                """), null);
        assertEquals(Map.of(), r.removed());
        assertEquals(JSON.readTree(APP), r.labels());
        assertEquals(List.of(), r.notes("shop"));
    }

    @Test
    void thePlanCanRemoveAddAndForceALabelAndIsWarned() throws Exception {
        MigrationPlan.Pod pod = new MigrationPlan.Pod(Map.of("app.kubernetes.io/name", "shop", "role", "migration"), null,
                List.of("team"), null, null, null, null, null, null, null, null);
        PodLabels r = PodLabels.of(JSON.readTree(APP), "", stream(SERVICE), pod);
        assertEquals("shop", r.labels().path("app.kubernetes.io/name").asText());
        assertEquals("migration", r.labels().path("role").asText());
        assertTrue(!r.labels().has("team"));
        assertEquals(List.of("Service/shop-api"), r.forced());
        assertTrue(r.notes("shop").stream().anyMatch(n -> n.text().contains("spec.migration.pod.labels makes Service/shop-api select")),
                r.notes("shop").toString());
    }

    @Test
    void aReplicationControllerWithoutSelectorSelectsByItsTemplateLabels() throws Exception {
        PodLabels r = rule("""
                apiVersion: v1
                kind: ReplicationController
                metadata: {name: legacy}
                spec:
                  template:
                    metadata:
                      labels: {team: payments}
                """);
        assertEquals(Map.of("team", List.of("ReplicationController/legacy")), r.removed());
    }

    static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }
}
