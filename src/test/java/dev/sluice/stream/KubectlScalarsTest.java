package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scalars, keys and merge keys read as kubectl 1.35 reads them: every row was checked with
 * {@code kubectl label --local -f FILE k=v -o json} (ScalarMeaningIT checks generated ones on every build).
 */
class KubectlScalarsTest {
    /** The {@code data} of a ConfigMap whose data lines are {@code yaml} ("\\n" or newlines between them; indented here). */
    static JsonNode data(String yaml) {
        StringBuilder text = new StringBuilder("kind: ConfigMap\ndata:\n");
        for (String line : yaml.replace("\\n", "\n").split("\n")) {
            text.append(line.startsWith(" ") ? line : "  " + line).append('\n');
        }
        return StreamReader.split(text.toString()).get(0).tree().orElseThrow().path("data");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "y|true", "Yes|true", "YES|true", "yEs|`\"yEs\"`", "ON|true", "oN|`\"oN\"`", "n|false", "FALSE|false", "fAlse|`\"fAlse\"`",
            "0o644|420", "0644|420", "0x1F|31", "0X1f|31", "0b101|5", "0B11|3", "-0b11|-3", "+12|12", "1_000|1000", "0_x1|1",
            "09|9.0", "0O17|15", "0x|`\"0x\"`", "0b2|`\"0b2\"`", "0o8|`\"0o8\"`", "00|0", "-0|0",
            "1.10|1.1", "1e3|1000.0", ".5|0.5", "1.|1.0", "+.5|0.5", ".5e3|500.0", "1_0.5|10.5", ".5_0|0.5", "._5|`\"._5\"`",
            "1e400|`\"1e400\"`", "1e1_0|1.0E10", "0.1e|`\"0.1e\"`", "1e|`\"1e\"`",
            "12:30|`\"12:30\"`", "16:9|`\"16:9\"`", "190:20:30|`\"190:20:30\"`", "2001-12-14|`\"2001-12-14\"`",
            "~|null", "Null|null", "nULL|`\"nULL\"`", "|null",
            "9223372036854775808|9223372036854775808", "-9223372036854775809|-9.223372036854776E18",
            "0x10000000000000000|`\"0x10000000000000000\"`", "0777777777777777777777777|7.777777777777778E23",
            "!!binary aGVsbG8=|`\"hello\"`", "!!binary /w==|`\"\ufffd\"`", "!!str 12|`\"12\"`", "!!int \"12\"|12", "!!float 1|1.0",
            "!!int 0o17|15", "!foo 12|`\"12\"`", "! 12|`\"12\"`", "!!null ~|null", "!!bool \"yes\"|true",
            "!!timestamp 2001-12-14|`\"2001-12-14\"`", "!!merge x|`\"x\"`", "\"12:30\"|`\"12:30\"`", "'0o17'|`\"0o17\"`"})
    void aScalarMeansWhatKubectlReads(String yaml, String json) {
        assertEquals(json, data("  v: " + yaml).path("v").toString());
    }

    @Test
    void keysBecomeTheJsonKeysKubectlMakes() {
        JsonNode d = data("  1.10: a\n  0o17: b\n  yes: c\n  1e3: f\n  0.1234567891: g\n  12:30: h\n  123456789012: i");
        assertEquals("[\"1.1\",\"15\",\"true\",\"1000\",\"0.12345679\",\"12:30\",\"123456789012\"]",
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
                        .addAll(java.util.stream.StreamSupport.stream(((Iterable<String>) d::fieldNames).spliterator(), false)
                                .map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList()).toString());
    }

    @Test
    void mergeKeysApplyWhereTheyStandAndTheFirstMapOfAListWins() {
        assertEquals("{\"a\":2,\"b\":2,\"c\":4,\"d\":4,\"e\":5}",
                data("  a: 1\n  <<: {a: 2, b: 2}\n  c: 3\n  <<: [{c: 4, d: 4}, {d: 5, e: 5}]").toString());
        assertEquals("{\"a\":1}", data("  <<: {a: 2}\n  a: 1").toString());
        assertEquals("{\"b\":{\"a\":1},\"c\":{\"a\":9}}", data("  b: &x {a: 1}\n  c:\n    <<: *x\n    a: 9").toString());
        assertEquals("{\"<<\":{\"a\":1}}", data("  \"<<\": {a: 1}").toString(), "a quoted << is an ordinary key");
    }

    @Test
    void anAliasIsACopy() {
        JsonNode d = data("  a: &x {k: 1}\n  b: *x");
        ((com.fasterxml.jackson.databind.node.ObjectNode) d.path("b")).put("k", 2);
        assertEquals(1, d.path("a").path("k").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "  v: .inf|in data.v: '.inf' reads as infinity, which JSON cannot hold, so kubectl refuses the document; quote it",
            "  v: -.Inf|reads as infinity",
            "  v: .NaN|reads as NaN",
            "  v: !!binary aGVsbG8|in data.v: !!binary value is not valid base64",
            "  v: !!binary 'aGVs bG8='|!!binary value is not valid base64",
            "  v: !!int 1.5|in data.v: kubectl cannot read !!float `1.5` as a !!int",
            "  v: !!bool 1|kubectl cannot read !!int `1` as a !!bool",
            "  v: !!float 0x8000000000000000|kubectl cannot read !!int `0x8000000000000000` as a !!float",
            "  v: !!null x|kubectl cannot read !!str `x` as a !!null",
            "  v: !!timestamp x|kubectl cannot read !!str `x` as a !!timestamp",
            "  ~: d|in data: a null key (~, null or nothing before ':'); kubectl refuses it: quote the key",
            "  18446744073709551615: e|is an integer above 2^63-1, which kubectl refuses as a key",
            "  y: a\\n  true: b|the keys 'y' and 'true' both read as 'true' to kubectl; quote the key that is meant as text",
            "  01: a\\n  '1': b|the keys '01' and '1' both read as '1'",
            "  <<: x|the merge key << needs a mapping or a list of mappings"})
    void whatKubectlRefusesIsRefusedWithDocumentLineAndField(String yaml, String message) {
        StreamException e = assertThrows(StreamException.class, () -> data(yaml));
        assertTrue(e.getMessage().startsWith("document 1 ConfigMap/?, line "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void floatKeysAreWrittenAsGoWritesAFloat32() {
        assertEquals("1e+07", KubectlScalars.float32(1e7));
        assertEquals("123456", KubectlScalars.float32(123456));
        assertEquals("1.5e-05", KubectlScalars.float32(0.000015));
        assertEquals("0.0001", KubectlScalars.float32(0.0001));
        assertEquals("-2.5", KubectlScalars.float32(-2.5));
    }

    @Test
    void stringsAreQuotedWhenAnyReaderWouldTakeThemForSomethingElse() {
        for (String s : new String[] {"0", "yes", "yEs", "0o17", "12:30", "1e3", "~", "", "y", "ON", ".inf", "0x1F", "1_000",
                "2001-12-14", "-.5", "=", "<<", "a: b", "-", "x #y"}) {
            assertTrue(SafeQuoting.needToQuote(s), s);
        }
        for (String s : new String[] {"25%", "10m", "-c", "ghcr.io/example/app:1.10", "1.10-alpine", "v1.2", "hello world"}) {
            assertFalse(SafeQuoting.needToQuote(s), s);
        }
    }

    @Test
    void anEscapedWordIsFoundWhereKubernetesReadsIt() {
        Document d = StreamReader.split("kind: \"Deploy\\u006dent\"\nmetadata:\n  annotations:\n    \"sluice.dev\\u002fplan\": api\n").get(0);
        assertTrue(d.mentions("Deployment"));
        assertTrue(d.mentions("sluice.dev/plan"));
        assertFalse(d.mentions("StatefulSet"));
        Document plain = StreamReader.split("kind: 'Deploy\\u006dent'\n").get(0);
        assertFalse(plain.mentions("Deployment"), "single quotes keep the backslash: no escape");
    }
}
