package dev.sluice.weave;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generated names: valid DNS names of at most 63 characters, stable where nothing clashes, moved only where something does. */
class NamesTest {
    static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    static final List<String> SUFFIXES = List.of("-migrate", "-migrate-0123456789", "-migrations", "-sluice-gate",
            "-sluice-quiesce", "-quiesce", "-restore", "-step-a-thirty-character-step-x", "-sluice-migrations");

    @Test
    void aLongDottedWorkloadName_isCutOnALetterOrDigit_neverBeforeADot() {
        String base = "shop-api.storefront.backend.eu-west-1.prod.v.internal-service";
        String record = Names.fit(base, "-migrations");
        assertEquals("shop-api.storefront.backend.eu-west-1.prod.v-259949-migrations", record);
        assertTrue(DNS_NAME.matcher(record).matches(), record);
    }

    @Test
    void everyCutOfEveryWorkloadName_isAValidDnsNameOfAtMost63Characters() {
        Random random = new Random(11);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-.";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(253);
            for (int j = 0; j < length; j++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            // a workload name is itself a DNS subdomain
            String base = name.toString().replaceAll("^[-.]+|[-.]+$", "").replaceAll("[-.]*\\.[-.]*", ".");
            if (base.isEmpty() || !DNS_NAME.matcher(base).matches()) {
                continue;
            }
            for (String suffix : SUFFIXES) {
                String fitted = Names.fit(base, suffix);
                assertTrue(fitted.length() <= Names.MAX && DNS_NAME.matcher(fitted).matches(), base + " + " + suffix + " -> " + fitted);
            }
        }
    }

    @Test
    void namesStayAsTheyWere_whenNothingClashes() {
        Names names = new Names("shop-api", "6e7c917868", true, Set.of());
        assertEquals("shop-api-migrate", names.job());
        assertEquals("shop-api-migrations", names.record());
        assertEquals("shop-api-sluice-gate", names.gateRole());
        assertEquals("shop-api-sluice-quiesce", names.quiesceAccess());
        assertEquals("shop-api-step-backup", names.stepJob("backup"));
        assertEquals("shop-api-migrate-6e7c917868", new Names("shop-api", "6e7c917868", false, Set.of()).job());
    }

    @Test
    void aRenamedRole_movesOnlyItsOwnNames() {
        Names names = new Names("shop-api", "6e7c917868", true, Set.of("RECORD", "STEP_JOB/backup"));
        assertEquals("shop-api-sluice-migrations", names.record());
        assertEquals("shop-api-sluice-step-backup", names.stepJob("backup"));
        assertEquals("shop-api-step-verify", names.stepJob("verify"));
        assertEquals("shop-api-migrate", names.job());
        assertNotEquals(names.record(), new Names("shop-api", "6e7c917868", true, Set.of()).record());
    }

    @Test
    void theUsualBase_isThePrefix_withThePlanNameUnlessItHoldsItAlready() {
        assertEquals("shop-api", Names.base("shop-api", "api"));
        assertEquals("shop-api", Names.base("shop-api", "shop"));
        assertEquals("shop-api-orders", Names.base("shop-api", "orders"));
    }
}
