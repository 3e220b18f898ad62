package dev.sluice.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Keys;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link RecordBinder} against Jackson, the binder it stands in for: whenever it binds a tree, Jackson's
 * {@code treeToValue} (with the plan loader's settings) binds the same tree to an equal record, of the same
 * classes throughout. Valid plans drawn from every field are all bound; broken ones are bound only when
 * Jackson binds them alike; every plan file of the repository is bound, as Jackson binds it.
 */
class RecordBinderProperties {

    @Property(tries = 2000)
    void validPlansAreBoundAsJacksonBindsThem(@ForAll long seed) {
        ObjectNode tree = PlanTrees.valid(MigrationPlan.class, new Random(seed));
        Optional<MigrationPlan> fast = RecordBinder.strict(tree, MigrationPlan.class);
        // the generator draws only what the binder is sure of: a binder that always said "not sure" fails here
        assertTrue(fast.isPresent(), () -> "not bound:\n" + tree.toPrettyString());
        assertSameAsJackson(tree, fast.get());
    }

    @Property(tries = 6000)
    void brokenPlansAreBoundOnlyAsJacksonBindsThem(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int edits) {
        Random random = new Random(seed);
        JsonNode tree = PlanTrees.mutate(PlanTrees.valid(MigrationPlan.class, random), random, edits);
        Optional<MigrationPlan> fast = RecordBinder.strict(tree, MigrationPlan.class);
        Statistics.label("bound after edits").collect(fast.isPresent());
        fast.ifPresent(plan -> assertSameAsJackson(tree, plan));
        Statistics.label("bound after edits").coverage(c -> {
            c.check(true).percentage(p -> p > 5);
            c.check(false).percentage(p -> p > 30);
        });
    }

    @Property(tries = 3000)
    void brokenRecordsOfEveryKindAreBoundOnlyAsJacksonBindsThem(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int edits) {
        Random random = new Random(seed);
        List<Class<?>> records = new ArrayList<>();
        for (Class<?> c : MigrationPlan.class.getDeclaredClasses()) {
            if (c.isRecord()) {
                records.add(c);
            }
        }
        @SuppressWarnings("unchecked")
        Class<? extends Record> type = (Class<? extends Record>) records.get(random.nextInt(records.size()));
        JsonNode tree = PlanTrees.mutate(PlanTrees.valid(type, random), random, edits);
        Optional<? extends Record> fast = RecordBinder.strict(tree, type);
        Statistics.label(type.getSimpleName()).collect(fast.isPresent());
        fast.ifPresent(bound -> assertEquals(null, PlanTrees.difference(bound, jackson(tree, type), type.getSimpleName()),
                () -> "bound unlike Jackson:\n" + tree.toPrettyString()));
    }

    @Property(tries = 500)
    void aStrategyIsBoundOnlyFromItsOwnWord(@ForAll long seed) {
        Random random = new Random(seed);
        String word = Strategy.values()[random.nextInt(Strategy.values().length)].word();
        String written = switch (random.nextInt(6)) {
            case 0 -> word;
            case 1 -> word.toUpperCase(java.util.Locale.ROOT);
            case 2 -> word.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + word.substring(1);
            case 3 -> " " + word;
            case 4 -> word.replace('-', '_');
            default -> word.substring(0, random.nextInt(word.length()));
        };
        ObjectNode tree = PlanTrees.valid(MigrationPlan.class, random);
        ((ObjectNode) tree.get("spec")).put("strategy", written);
        Optional<MigrationPlan> fast = RecordBinder.strict(tree, MigrationPlan.class);
        assertEquals(written.equals(word), fast.isPresent(), written);
        fast.ifPresent(plan -> assertSameAsJackson(tree, plan));
    }

    @Example
    void everyPlanFileIsBoundAsJacksonBindsIt() {
        List<PlanTrees.Found> plans = PlanTrees.inFiles(p -> true, t -> MigrationPlan.KIND.equals(t.path("kind").asText())
                && Keys.API_VERSION.equals(t.path("apiVersion").asText()));
        int bound = 0;
        for (PlanTrees.Found found : plans) {
            JsonNode tree;
            try {
                tree = PlanStrings.read(found.tree().deepCopy(), found.where());
            } catch (PlanException e) {
                continue; // refused before binding: a case of an error message
            }
            MigrationPlan jackson;
            try {
                jackson = PlanLoader.Jackson.BINDER.treeToValue(tree, MigrationPlan.class);
            } catch (Exception e) {
                assertTrue(RecordBinder.strict(tree, MigrationPlan.class).isEmpty(), () -> found.where() + ": bound, Jackson refuses it");
                continue;
            }
            Optional<MigrationPlan> fast = RecordBinder.strict(tree, MigrationPlan.class);
            assertTrue(fast.isPresent(), () -> found.where() + ": Jackson binds it, the binder is not sure");
            assertNull(PlanTrees.difference(fast.get(), jackson, "plan"), found.where());
            bound++;
        }
        // testdata holds well over a hundred plans
        assertTrue(bound > 100, "plan files bound: " + bound);
    }

    @Example
    void whatTheBinderIsNotSureOfIsLeftToJackson() {
        String[] unsure = {
            // an unknown field, a missing required one, a null, text for a number and the reverse, a float for a whole number
            "{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{\"name\":\"a\",\"nmae\":\"b\"},\"spec\":{\"migration\":{}}}",
            "{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{},\"spec\":{\"migration\":{}}}",
            "{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"migration\":{\"image\":null}}}",
            "{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"migration\":{\"backoffLimit\":\"1\"}}}",
            "{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"migration\":{\"image\":1}}}",
            "{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"migration\":{\"backoffLimit\":1.0}}}",
            "{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"migration\":{\"backoffLimit\":4294967296}}}",
            "{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"migration\":{},\"strategy\":\"Rolling\"}}",
            "{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"migration\":{\"command\":\"migrate\"}}}",
            "{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"migration\":{\"resources\":{\"limits\":null}}}}",
            "{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"migration\":{},\"gate\":{}}}",
        };
        for (String json : unsure) {
            JsonNode tree = read(String.format(json, Keys.API_VERSION));
            assertTrue(RecordBinder.strict(tree, MigrationPlan.class).isEmpty(), json);
        }
        JsonNode sure = read(String.format("{\"apiVersion\":\"%s\",\"kind\":\"MigrationPlan\",\"metadata\":{\"name\":\"a\"},"
                + "\"spec\":{\"migration\":{\"command\":[\"migrate\"],\"backoffLimit\":2,\"activeDeadlineSeconds\":4294967296},"
                + "\"strategy\":\"scale-down\",\"wait\":{\"timeoutSeconds\":60},\"rollout\":{\"maxSurge\":\"25%%\"}}}", Keys.API_VERSION));
        MigrationPlan plan = RecordBinder.strict(sure, MigrationPlan.class).orElseThrow();
        assertEquals(Strategy.SCALE_DOWN, plan.spec().strategy());
        assertEquals(60, plan.spec().gate().timeoutSeconds());
        assertEquals(4294967296L, plan.spec().migration().activeDeadlineSeconds());
        assertSameAsJackson(sure, plan);
    }

    private static JsonNode read(String json) {
        try {
            return PlanLoader.Jackson.BINDER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void assertSameAsJackson(JsonNode tree, MigrationPlan fast) {
        assertNull(PlanTrees.difference(fast, jackson(tree, MigrationPlan.class), "plan"), () -> "bound unlike Jackson:\n"
                + tree.toPrettyString());
    }

    private static <T> T jackson(JsonNode tree, Class<T> type) {
        try {
            return PlanLoader.Jackson.BINDER.treeToValue(tree, type);
        } catch (Exception e) {
            return fail("bound, but Jackson refuses it (" + e.getMessage() + "):\n" + tree.toPrettyString());
        }
    }
}
