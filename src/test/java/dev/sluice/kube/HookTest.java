package dev.sluice.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helm's reading of hook annotations: weights as Go's strconv.Atoi reads them, and Helm 4's run order. */
class HookTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Hook hook(String events, Object weight) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode a = o.putObject("metadata").putObject("annotations");
        a.put(Keys.HOOK, events);
        if (weight instanceof String w) {
            a.put(Keys.HOOK_WEIGHT, w);
        } else if (weight instanceof Integer w) {
            a.put(Keys.HOOK_WEIGHT, w);
        }
        return Hook.of(o).orElseThrow();
    }

    @Test
    void weightIsAtoiOnSixtyFourBits() {
        assertEquals(99_999_999_999L, hook("pre-install", "99999999999").weight(), "beyond 32 bits, still a weight");
        assertEquals(Long.MIN_VALUE, hook("pre-install", "-9223372036854775808").weight());
        assertEquals(5, hook("pre-install", "+5").weight(), "Atoi takes a plus sign");
        assertEquals(-5, hook("pre-install", "-05").weight());
        for (String zero : List.of("9223372036854775808", " 5", "5 ", "1.5", "1e3", "high", "1_000", "0x10", "", "-", "+",
                "\u0663", "５")) {
            Hook h = hook("pre-install", zero);
            assertEquals(0, h.weight(), "Atoi refuses '" + zero + "': Helm uses weight 0");
            assertFalse(h.weightValid(), "'" + zero + "' is not a weight Helm reads");
        }
        assertTrue(hook("pre-install", null).weightValid(), "no annotation: weight 0, as meant");
        assertEquals(0, hook("pre-install", 5).weight(), "a number is not an annotation string");
        assertEquals(Optional.of(42L), Hook.atoi("42"));
    }

    @Test
    void helmOrderIsWeightThenNameThenKind() {
        List<Hook.Named> hooks = new ArrayList<>(List.of(
                new Hook.Named(hook("pre-install", "0"), "shop-dsn", "Secret"),
                new Hook.Named(hook("pre-install", "0"), "shop-db-prepare", "Job"),
                new Hook.Named(hook("pre-install", "0"), "shop-db-prepare", "ConfigMap"),
                new Hook.Named(hook("pre-install", "-1"), "zz", "Job"),
                new Hook.Named(hook("pre-install", "99999999999"), "aa", "Job")));
        hooks.sort(Hook.ORDER);
        assertEquals(List.of("Job/zz", "ConfigMap/shop-db-prepare", "Job/shop-db-prepare", "Secret/shop-dsn", "Job/aa"),
                hooks.stream().map(n -> n.kind() + "/" + n.name()).toList(),
                "ties by name, not kind (a Job named db-prepare runs before the Secret shop-dsn), then by install order");
    }
}
