package dev.sluice.kube;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a gate's timeout is read: a Go duration as kubectl takes it. */
class GateTest {
    @Test
    void durations() {
        assertEquals(900, Gate.seconds("900s").getAsInt());
        assertEquals(5400, Gate.seconds("1h30m").getAsInt());
        assertEquals(600, Gate.seconds("600").getAsInt());
        assertTrue(Gate.seconds("soon").isEmpty());
    }
}
