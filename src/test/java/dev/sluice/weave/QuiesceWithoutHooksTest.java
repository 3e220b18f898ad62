package dev.sluice.weave;

import dev.sluice.plan.PlanLoader;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Where hooks are ignored, the quiesce Job of strategy scale-down is named after the migration hash like the migration
 * Job: whatever changes its spec (targets, image, timeout) must change the name too, or re-applying it fails on
 * immutable fields (I4).
 */
class QuiesceWithoutHooksTest {
    static final Path CASE = Path.of("testdata", "scale-down-without-hooks");

    static List<String> jobs(String plan) throws IOException {
        List<Document> input = StreamReader.read(Files.readAllBytes(CASE.resolve("input.yaml")));
        Weaver.Result r = Weaver.weave(input, PlanLoader.parse(plan, "plan.yaml"), new dev.sluice.downstream.PlainApply(false));
        return r.documents().stream().filter(d -> !d.empty() && d.kind().equals("Job")).map(Document::name).toList();
    }

    @Test
    void aChangedQuiesceTimeout_isANewQuiesceJobAndANewMigrationName() throws IOException {
        String plan = Files.readString(CASE.resolve("plan.yaml"));
        List<String> before = jobs(plan);
        List<String> after = jobs(plan + "  quiesce: {timeoutSeconds: 600}\n");
        assertEquals(3, before.size(), before.toString());
        for (int i = 0; i < before.size(); i++) {
            assertNotEquals(before.get(i), after.get(i), "a quiesce change is a new " + before.get(i));
        }
        assertEquals(before, jobs(plan), "the same plan, the same names");
    }

    @Test
    void aChangedTarget_isANewQuiesceJob() throws IOException {
        String plan = Files.readString(CASE.resolve("plan.yaml"));
        String withoutCronJob = plan.replace("    - selector: {matchLabels: {app.kubernetes.io/part-of: shop}}\n      kind: CronJob\n", "");
        assertNotEquals(plan, withoutCronJob, "the plan as this test expects it");
        assertNotEquals(jobs(plan).get(0), jobs(withoutCronJob).get(0));
    }
}
