package dev.sluice;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The golden runner's migration pod check fails when the Job is not its source pod. */
class MigrationPodFidelityTest {
    static final Path CASE = Path.of("testdata/migration-pod-scheduling");
    static final Path LABELS = Path.of("testdata/migration-pod-labels");

    static String[] args(Path dir) {
        return new String[]{"-c", dir.resolve("plan.yaml").toString()};
    }

    static String output(Path dir) throws Exception {
        Sluice.Run run = Sluice.run(Files.readAllBytes(dir.resolve("input.yaml")), java.util.Map.of(), args(dir));
        return run.out();
    }

    @Test
    void sluiceOutputPasses() throws Exception {
        MigrationPodFidelity.check(output(CASE), args(CASE));
        MigrationPodFidelity.check(output(LABELS), args(LABELS));
    }

    @Test
    void aSchedulingFieldNotInheritedFails() throws Exception {
        String out = output(CASE);
        // the Job's copy of the node selector is the second one in the output
        int job = out.indexOf("kind: Job");
        String tampered = out.substring(0, job) + out.substring(job).replaceFirst("pool: db-access", "pool: other");
        AssertionError e = assertThrows(AssertionError.class, () -> MigrationPodFidelity.check(tampered, args(CASE)));
        assertTrue(e.getMessage().contains("spec.nodeSelector"), e.getMessage());
    }

    @Test
    void aReplicaFieldInheritedFails() throws Exception {
        String out = output(CASE);
        int job = out.indexOf("kind: Job");
        String tampered = out.substring(0, job) + out.substring(job).replaceFirst("      restartPolicy: Never\n",
                "      restartPolicy: Never\n      nodeName: node-1\n");
        AssertionError e = assertThrows(AssertionError.class, () -> MigrationPodFidelity.check(tampered, args(CASE)));
        assertTrue(e.getMessage().contains("spec.nodeName must not be inherited"), e.getMessage());
    }

    @Test
    void aLabelAServiceSelectsFails() throws Exception {
        String out = output(LABELS);
        int job = out.indexOf("kind: Job");
        String tampered = out.substring(0, job) + out.substring(job).replaceFirst("        db-access: \"true\"\n",
                "        db-access: \"true\"\n        app.kubernetes.io/component: api\n");
        AssertionError e = assertThrows(AssertionError.class, () -> MigrationPodFidelity.check(tampered, args(LABELS)));
        assertTrue(e.getMessage().contains("selected by Service/shop-api"), e.getMessage());
    }

    @Test
    void aLabelDroppedForNoReasonFails() throws Exception {
        String out = output(LABELS);
        int job = out.indexOf("kind: Job");
        String tampered = out.substring(0, job) + out.substring(job).replaceFirst("        db-access: \"true\"\n", "");
        AssertionError e = assertThrows(AssertionError.class, () -> MigrationPodFidelity.check(tampered, args(LABELS)));
        assertTrue(e.getMessage().contains("label db-access was left out"), e.getMessage());
    }

    @Test
    void aJobWithoutItsSourceFails() throws Exception {
        String out = output(CASE).replace("sluice.dev/source: Deployment/shop-api/api", "sluice.dev/source: Deployment/shop-web/api");
        AssertionError e = assertThrows(AssertionError.class, () -> MigrationPodFidelity.check(out, args(CASE)));
        assertTrue(e.getMessage().contains("which is not in the output"), e.getMessage());
    }
}
