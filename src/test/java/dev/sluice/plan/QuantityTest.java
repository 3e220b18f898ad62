package dev.sluice.plan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kubernetes' quantity grammar (k8s.io/apimachinery resource.ParseQuantity), as the API server reads requests and limits. */
class QuantityTest {

    @ParameterizedTest
    @CsvSource({"100m, 0.1", "0.5, 0.5", "1, 1", "256Mi, 268435456", "1Gi, 1073741824", "1Ki, 1024", "2k, 2000",
            "1e3, 1000", "1E3, 1000", "5e-1, 0.5", "1E, 1000000000000000000", "1Ei, 1152921504606846976",
            "+2, 2", "-1, -1", ".5, 0.5", "1., 1", "10n, 0.00000001", "3u, 0.000003", "1.5G, 1500000000"})
    void kubernetesQuantities_readAsTheApiServerReadsThem(String text, String value) {
        assertEquals(0, new BigDecimal(value).compareTo(Quantity.parse(text).orElseThrow()), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "", " 1", "1 ", "1.2.3", ".", "1Mb", "1mi", "1KiB", "1K", "e3", "1e", "1e+", "0x10",
            "1_000", "1,5", "100 m", "1e101", "Mi", "--1"})
    void textKubernetesRefuses_isNoQuantity(String text) {
        assertTrue(Quantity.parse(text).isEmpty(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100m", "0.5", "256Mi", "1e3", "+1", "7"})
    void theSchemaPatternAcceptsWhatIsNotNegative(String text) {
        assertTrue(text.matches(Quantity.nonNegativePattern().replace("(?![\\s\\S])$", "")), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "lots", "1Gi\n"})
    void theSchemaPatternRefusesTheRest(String text) {
        assertTrue(!java.util.regex.Pattern.compile(Quantity.nonNegativePattern()).matcher(text).find(), text);
    }
}
