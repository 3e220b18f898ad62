package dev.sluice.stream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SafeQuotingTest {
    private static final List<String> MIXED = List.of("0", "yes", "yEs", "12:30", "1e3", "~", "25%", "10m", "-c",
            "registry.k8s.io/kubectl:v1.35.0", "a: b", "key #x", "", "on", "2024-01-01", "name", "0x1F", "line\nbreak");

    @Test
    void aRememberedDecisionIsTheOneAFreshScanGivesForKeysAndValues() {
        SafeQuoting checker = new SafeQuoting();
        for (int round = 0; round < 3; round++) {
            for (String s : MIXED) {
                assertEquals(SafeQuoting.needToQuote(s), checker.needToQuoteValue(s), s);
                assertEquals(SafeQuoting.needToQuote(s), checker.needToQuoteName(s), s);
            }
        }
    }

    @Test
    void pastWhatItRemembersItStillDecidesEveryStringAfresh() {
        SafeQuoting checker = new SafeQuoting();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(i % 3 == 0 ? Integer.toString(i) : i % 3 == 1 ? "v" + i : i + ":30");
        }
        for (int round = 0; round < 2; round++) {
            for (String s : many) {
                assertEquals(SafeQuoting.needToQuote(s), checker.needToQuoteValue(s), s);
            }
        }
    }
}
