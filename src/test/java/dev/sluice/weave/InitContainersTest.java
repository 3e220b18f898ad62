package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.plan.PlanException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which init containers of the app pod a migration pod takes, and why. */
class InitContainersTest {
    static final ObjectMapper YAML = new YAMLMapper();

    static final String POD = """
            initContainers:
              - name: sluice-wait
                image: registry.k8s.io/kubectl:v1.35.0
                command: [/bin/sh, -c, "kubectl wait job/x"]
              - name: vault-token
                image: vault:1.17
                volumeMounts: [{name: token, mountPath: /vault}]
              - name: render-config
                image: busybox
                volumeMounts: [{name: token, mountPath: /vault, readOnly: true}, {name: config, mountPath: /config}]
              - name: wait-for-db
                image: busybox
                command: [sh, -c, "until nc -z db 5432; do sleep 1; done"]
                volumeMounts: [{name: config, mountPath: /config, readOnly: true}]
              - name: await-migration
                image: ghcr.io/groundnuty/k8s-wait-for:v2.0
                args: [job, shop-migrate]
                volumeMounts: [{name: config, mountPath: /config}]
              - name: cloud-sql-proxy
                image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1
                restartPolicy: Always
            """;

    static InitContainers choose(List<String> named) throws Exception {
        JsonNode pod = YAML.readTree(POD);
        return InitContainers.choose(pod, Set.of("config"), named, "shop", "Deployment/shop-api");
    }

    static List<String> names(InitContainers c) {
        return c.kept().stream().map(k -> k.path("name").asText()).toList();
    }

    @Test
    void byDefaultTheFillersOfItsVolumesAndTheirOwnFillersAndNativeSidecarsComeInSourceOrder() throws Exception {
        InitContainers c = choose(null);
        assertEquals(List.of("vault-token", "render-config", "cloud-sql-proxy"), names(c));
        assertEquals(List.of("vault-token (it fills volume token that the migration mounts)",
                "render-config (it fills volume config that the migration mounts)",
                "cloud-sql-proxy (a native sidecar, running beside the migration)"), c.keptWhy());
    }

    @Test
    void readersWaitersAndTheGateStayOutAndTheGateIsNotEvenMentioned() throws Exception {
        InitContainers c = choose(null);
        assertEquals(List.of("wait-for-db", "await-migration"), c.dropped());
        assertTrue(c.droppedWhy().get(0).contains("fills no volume the migration mounts"), c.droppedWhy().toString());
        assertTrue(c.droppedWhy().get(1).contains("waits for a migration, which cannot happen before this one: job shop-migrate"),
                c.droppedWhy().toString());
        assertTrue(!c.summary().contains("sluice-wait"), c.summary());
    }

    @Test
    void keptContainersAreCopiedUnchanged() throws Exception {
        InitContainers c = choose(null);
        assertEquals(YAML.readTree(POD).path("initContainers").get(5), c.kept().get(2));
        assertEquals("Always", c.kept().get(2).path("restartPolicy").asText());
    }

    @Test
    void thePlanChoosesByNameInSourceOrder() throws Exception {
        InitContainers c = choose(List.of("cloud-sql-proxy", "wait-for-db"));
        assertEquals(List.of("wait-for-db", "cloud-sql-proxy"), names(c));
        assertEquals(List.of("vault-token", "render-config", "await-migration"), c.dropped());
        assertEquals(List.of(), names(choose(List.of())));
    }

    @Test
    void aNameThatIsNotThereListsTheOnesThatAre() {
        PlanException e = assertThrows(PlanException.class, () -> choose(List.of("cloud-sql")));
        assertEquals("plan shop: spec.migration.pod.initContainers[0] 'cloud-sql' is not an init container of Deployment/shop-api;"
                + " its init containers: vault-token, render-config, wait-for-db, await-migration, cloud-sql-proxy", e.getMessage());
        PlanException gate = assertThrows(PlanException.class, () -> choose(List.of("sluice-wait")));
        assertTrue(gate.getMessage().contains("'sluice-wait' is not an init container"), gate.getMessage());
    }

    @Test
    void aWaiterCannotBeChosen() {
        PlanException e = assertThrows(PlanException.class, () -> choose(List.of("await-migration")));
        assertTrue(e.getMessage().contains("'await-migration' (of Deployment/shop-api) waits for a migration"), e.getMessage());
        assertTrue(e.getMessage().endsWith("leave it out of spec.migration.pod.initContainers"), e.getMessage());
    }

    @Test
    void waitingIsToldFromTheCommand() throws Exception {
        assertTrue(dev.sluice.kube.Gate.waitsForMigration(YAML.readTree(
                "{name: x, image: bitnami/kubectl, command: [kubectl, wait, --for=condition=complete, job/shop-migrate]}")).isPresent());
        assertTrue(dev.sluice.kube.Gate.waitsForMigration(YAML.readTree(
                "{name: x, image: busybox, command: [sh, -c, 'until [ -f /done/migrations ]; do echo wait; sleep 2; done']}")).isPresent());
        assertTrue(dev.sluice.kube.Gate.waitsForMigration(YAML.readTree(
                "{name: x, image: busybox, command: [sh, -c, 'wait-for-it db:5432']}")).isEmpty());
        assertTrue(dev.sluice.kube.Gate.waitsForMigration(YAML.readTree(
                "{name: x, image: app, command: [bin/rails, db:migrate]}")).isEmpty());
    }
}
