package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanTrees;
import dev.sluice.plan.RecordBinder;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The label selectors {@link PodSelectors} reads, bound by {@link RecordBinder} (unknown fields ignored) against
 * Jackson's lenient mapper: whenever the binder binds one, Jackson binds it to an equal selector, of the same classes.
 */
class PodSelectorsProperties {
    private static final Set<String> SELECTORS = Set.of("selector", "podSelector", "labelSelector", "namespaceSelector");

    @Property(tries = 1000)
    void validSelectorsAreBoundAsJacksonBindsThem(@ForAll long seed) {
        ObjectNode tree = PlanTrees.valid(MigrationPlan.Selector.class, new Random(seed));
        Optional<MigrationPlan.Selector> fast = RecordBinder.lenient(tree, MigrationPlan.Selector.class);
        assertTrue(fast.isPresent(), () -> "not bound:\n" + tree.toPrettyString());
        assertSameAsJackson(tree, fast.get());
    }

    @Property(tries = 4000)
    void brokenSelectorsAreBoundOnlyAsJacksonBindsThem(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int edits) {
        Random random = new Random(seed);
        JsonNode tree = PlanTrees.mutate(PlanTrees.valid(MigrationPlan.Selector.class, random), random, edits);
        Optional<MigrationPlan.Selector> fast = RecordBinder.lenient(tree, MigrationPlan.Selector.class);
        Statistics.label("bound after edits").collect(fast.isPresent());
        fast.ifPresent(selector -> assertSameAsJackson(tree, selector));
        Statistics.label("bound after edits").coverage(c -> {
            c.check(true).percentage(p -> p > 10);
            c.check(false).percentage(p -> p > 10);
        });
    }

    @Example
    void unknownFieldsAreIgnoredAsJacksonIgnoresThem() {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.putObject("matchLabels").put("app", "api");
        tree.putArray("matchExpressions").addObject().put("key", "tier").put("operator", "In").put("nmae", "x")
                .putArray("values").add("web");
        tree.putNull("unknown");
        tree.putObject("other").putArray("x").add(1.5);
        MigrationPlan.Selector selector = RecordBinder.lenient(tree, MigrationPlan.Selector.class).orElseThrow();
        assertEquals("api", selector.matchLabels().get("app"));
        assertSameAsJackson(tree, selector);
        assertTrue(RecordBinder.strict(tree, MigrationPlan.Selector.class).isEmpty());
    }

    @Example
    void everySelectorInTheRepositoryIsBoundAsJacksonBindsIt() {
        List<JsonNode> selectors = new ArrayList<>();
        for (PlanTrees.Found found : PlanTrees.inFiles(p -> true, t -> true)) {
            collect(found.tree(), selectors);
        }
        int jacksonBound = 0;
        int bound = 0;
        for (JsonNode selector : selectors) {
            Optional<MigrationPlan.Selector> fast = RecordBinder.lenient(selector, MigrationPlan.Selector.class);
            Optional<MigrationPlan.Selector> jackson = PodSelectors.Lenient.bind(selector);
            if (fast.isPresent()) {
                assertTrue(jackson.isPresent(), () -> "bound, Jackson refuses it: " + selector);
                assertNull(PlanTrees.difference(fast.get(), jackson.get(), "selector"), selector::toString);
                bound++;
            }
            jacksonBound += jackson.isPresent() ? 1 : 0;
        }
        // a Service's selector, as PodSelectors reads it, and every other selector: hundreds in testdata
        String counts = "bound " + bound + " of the " + jacksonBound + " selectors Jackson binds";
        assertTrue(jacksonBound > 200, counts);
        assertTrue(bound >= jacksonBound * 95 / 100, counts);
    }

    /** Every object under a selector's key, and each also as a Service's selector (a map of labels) reads. */
    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (SELECTORS.contains(e.getKey()) && e.getValue().isObject()) {
                    out.add(e.getValue());
                    ObjectNode labels = JsonNodeFactory.instance.objectNode();
                    labels.set("matchLabels", e.getValue());
                    out.add(labels);
                }
            });
        }
        node.forEach(child -> collect(child, out));
    }

    private static void assertSameAsJackson(JsonNode tree, MigrationPlan.Selector fast) {
        MigrationPlan.Selector jackson = PodSelectors.Lenient.bind(tree)
                .orElseGet(() -> fail("bound, Jackson refuses it:\n" + tree.toPrettyString()));
        assertNull(PlanTrees.difference(fast, jackson, "selector"), () -> "bound unlike Jackson:\n" + tree.toPrettyString());
    }
}
