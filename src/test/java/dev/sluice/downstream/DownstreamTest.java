package dev.sluice.downstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Keys;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Who applies the output: chosen once from the flags, with the rules and messages render and plan share. */
class DownstreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void autoFollowsTheInputAndTheTool() {
        assertEquals(new PlainApply(false), Downstream.of("auto", false, false, false));
        assertEquals(new HelmHooks(true), Downstream.of(null, false, false, true));
        assertEquals(new PlainApply(true), Downstream.of("ignored", false, false, true));
        assertEquals(new HelmHooks(false), Downstream.of("honored", false, false, false));
        assertEquals(new ArgoCd(), Downstream.of("auto", true, false, true));
        assertEquals(new Kapp(), Downstream.of("auto", false, true, true));
    }

    @Test
    void contradictionsAreRefusedWithTheFix() {
        assertEquals("--argocd and --kapp exclude each other: one tool applies the output",
                assertThrows(Downstream.Refused.class, () -> Downstream.of("auto", true, true, false)).getMessage());
        assertEquals("--kapp with --hooks=honoured: kapp does not run Helm hooks; drop --hooks",
                assertThrows(Downstream.Refused.class, () -> Downstream.of("honoured", false, true, false)).getMessage());
        assertEquals("--argocd with --hooks=ignored: Argo CD runs hooks (sluice makes the migration a Sync hook); drop --hooks",
                assertThrows(Downstream.Refused.class, () -> Downstream.of("ignored", true, false, false)).getMessage());
        assertEquals("--hooks must be auto, honoured or ignored, not 'sometimes'",
                assertThrows(Downstream.Refused.class, () -> Downstream.of("sometimes", false, false, false)).getMessage());
    }

    @Test
    void helmHooksAreBuiltInSluicesOwnOthersComeAfterThem() {
        Made job = new Made("shop", "Job", "migration", "pre-install,pre-upgrade", -10, "before-hook-creation");
        Map<String, String> own = Map.of(Keys.GENERATED, "shop");
        assertEquals(List.of(Keys.HOOK, Keys.HOOK_WEIGHT, Keys.HOOK_DELETE_POLICY, Keys.GENERATED),
                List.copyOf(new HelmHooks(true).annotations(job, own).keySet()));
        for (Downstream d : List.of(new PlainApply(false), new ArgoCd(), new Kapp())) {
            assertEquals(own, d.annotations(job, own), d.toString());
        }
        assertEquals(List.of(Keys.GENERATED, Keys.ARGO_WAVE, Keys.ARGO_HOOK, Keys.ARGO_DELETE_POLICY), keys(made(new ArgoCd(), job)));
        assertEquals("Sync", made(new ArgoCd(), job).path(Keys.ARGO_HOOK).asText());
        assertEquals("-10", made(new ArgoCd(), job).path(Keys.ARGO_WAVE).asText());
        assertEquals(List.of(Keys.GENERATED, Keys.KAPP_GROUP, Keys.KAPP_RULE), keys(made(new Kapp(), job)));
        assertEquals("upsert after upserting sluice.dev/shop-access", made(new Kapp(), job).path(Keys.KAPP_RULE).asText());
        assertEquals(List.of(Keys.GENERATED), keys(made(new HelmHooks(false), job)));
    }

    @Test
    void argoCdRunsSluicesPostHooksAfterTheSync() {
        Made restore = new Made("shop", "Job", "restore", "post-upgrade,post-rollback", 0, "hook-succeeded,hook-failed");
        ObjectNode out = made(new ArgoCd(), restore);
        assertEquals("PostSync", out.path(Keys.ARGO_HOOK).asText());
        assertEquals("HookSucceeded,HookFailed", out.path(Keys.ARGO_DELETE_POLICY).asText());
    }

    /** The annotations of an object built with sluice's own, once the downstream has added its own. */
    private static ObjectNode made(Downstream downstream, Made made) {
        ObjectNode annotations = annotations(Keys.GENERATED, made.plan());
        downstream.annotate(made, annotations);
        return annotations;
    }

    private static List<String> keys(ObjectNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void kappUpsertsInTheOrderOfItsChangeRules() {
        ObjectNode access = annotations(Keys.KAPP_GROUP, "g/access");
        ObjectNode job = annotations(Keys.KAPP_GROUP, "g/migration", Keys.KAPP_RULE, "upsert after upserting g/access");
        ObjectNode workload = annotations(Keys.KAPP_RULE + ".sluice-migration", "upsert after upserting g/migration");
        List<ObjectNode> release = List.of(workload, job, access);
        List<Batch<ObjectNode>> batches = new Kapp().batches(release, o -> o, o -> o == job ? "Job" : "Deployment");
        assertEquals(3, batches.size());
        assertEquals(List.of(access), batches.get(0).applied());
        assertEquals(List.of(job), batches.get(1).waited());
        assertEquals("after change group g/migration", batches.get(2).what());
        assertEquals(List.of(workload), batches.get(2).applied());
    }

    private static ObjectNode annotations(String... keyValues) {
        ObjectNode out = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put(keyValues[i], keyValues[i + 1]);
        }
        return out;
    }
}
