package dev.sluice.stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The byte-based reader against its oracle, the String-based reader it replaced: the same documents
 * (text, header, emptiness, first line) and the same error messages, for generated streams and for
 * arbitrary bytes; and the pieces it is built from against the JDK.
 */
class StreamReaderProperties {

    /** Lines that matter to the split, and some that must not. */
    private static final List<String> LINES = List.of(
            "---", "--- ", "---\t", "---\r", "--- # comment", "--- a: 1", "---x", "----", " ---", "---a",
            "...", "... ", "....", "%YAML 1.2", "%TAG ! tag:example.com,2000:", "% not a directive",
            "", " ", "\t", "\r", "# comment", "  # indented comment", "key: value", "  nested: 1", "- item",
            "kind: ConfigMap", "metadata: {name: x}", "ä: ö", "emoji: \"😀\"", "text: |", "  --- inside a scalar",
            "'---': quoted", "\"...\": quoted", "a: b # c", "x: \u00a0", "\u2003");

    @Provide
    Arbitrary<String> streams() {
        return Arbitraries.of(LINES).list().ofMaxSize(40)
                .flatMap(lines -> Arbitraries.of("\n", "\r\n", "").map(last -> String.join("\n", lines) + (lines.isEmpty() ? "" : last)));
    }

    @Property(tries = 2000)
    void splitMatchesTheReferenceAndLosesNothing(@ForAll("streams") String text) {
        List<Document> docs = StreamReader.split(text);
        List<Document> want = ReferenceStreamReader.split(text);
        assertEquals(describe(want), describe(docs), "documents of:\n" + text);
        StringBuilder joined = new StringBuilder();
        docs.forEach(d -> joined.append(d.text()));
        assertEquals(text, joined.toString(), "concatenated documents give the input back");
        assertEquals(text, StreamWriter.write(docs), "writing untouched documents gives the input back");
    }

    @Property(tries = 1000)
    void mentionsIsContains(@ForAll("streams") String text, @ForAll("words") String word) {
        for (Document d : StreamReader.split(text)) {
            assertEquals(d.text().contains(word), d.mentions(word), () -> "'" + word + "' in:\n" + d.text());
        }
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.oneOf(
                Arbitraries.of("Deployment", "Job", "---", "ö", "😀", "key", "a", "", " # ", "\r\n"),
                Arbitraries.strings().withChars("ab: -#ö\n").ofMaxLength(4));
    }

    /** Bytes with the interesting UTF-8 cases often: lead bytes, continuation bytes, the edges of table 3-7, NUL. */
    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<Integer> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(40, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(10, Arbitraries.of((int) '\n', (int) '-', (int) '.', (int) '#', (int) '%', (int) ' ')),
                net.jqwik.api.Tuple.of(10, Arbitraries.integers().between(0x80, 0xbf)),
                net.jqwik.api.Tuple.of(8, Arbitraries.of(0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef,
                        0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf8, 0xfe, 0xff, 0x9f, 0xa0, 0x8f, 0x90)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0, 0x1b, 0x09, 0x0d)));
        return b.list().ofMaxSize(60).map(list -> {
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (int) list.get(i);
            }
            return out;
        });
    }

    @Property(tries = 5000)
    void utf8CheckAgreesWithTheJdkDecoder(@ForAll("bytes") byte[] input) {
        int jdk = jdkFirstMalformed(input);
        int nul = indexOfNul(input);
        int expected = nul < 0 ? jdk : jdk < 0 ? nul : Math.min(nul, jdk);
        assertEquals(expected, StreamReader.firstNonText(input, 0), () -> java.util.HexFormat.of().formatHex(input));
    }

    /** Text with characters of every UTF-8 length, so that pieces often start inside one. */
    private static final byte[] TEXT = ("key: välue — 😀 ok\n".repeat(4000)).getBytes(StandardCharsets.UTF_8);

    @Property(tries = 400)
    void textCheckedInPiecesAgreesWithOnePass(@ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        byte[] input = java.util.Arrays.copyOf(TEXT, 1000 + random.nextInt(TEXT.length - 1000));
        int faults = random.nextInt(3);
        byte[] bad = {0, (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xe2, (byte) 0xf0, (byte) 0xf5, (byte) 0xff, (byte) 0xed};
        for (int i = 0; i < faults; i++) {
            input[random.nextInt(input.length)] = bad[random.nextInt(bad.length)];
        }
        int from = random.nextInt(4);
        boolean expected = StreamReader.firstNonText(input, from) < 0;
        for (int threads = 1; threads <= 5; threads++) {
            assertEquals(expected, StreamReader.allText(input, from, threads), "seed " + seed + ", " + threads + " threads");
        }
    }

    @Property(tries = 3000)
    void readMatchesTheReferenceOnAnyBytes(@ForAll("bytes") byte[] input) {
        compare(input);
    }

    @Property(tries = 1000)
    void readMatchesTheReferenceOnStreams(@ForAll("streams") String text, @ForAll @Size(max = 3) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 255) Integer> noise) {
        byte[] clean = text.getBytes(StandardCharsets.UTF_8);
        byte[] input = java.util.Arrays.copyOf(clean, clean.length + noise.size());
        for (int i = 0; i < noise.size(); i++) {
            input[clean.length + i] = (byte) (int) noise.get(i);
        }
        compare(input);
        compare(("\ufeff" + text).getBytes(StandardCharsets.UTF_8));
    }

    private static void compare(byte[] input) {
        List<Document> want;
        try {
            want = ReferenceStreamReader.read(input);
        } catch (StreamException e) {
            StreamException got = assertThrows(StreamException.class, () -> StreamReader.read(input));
            assertEquals(e.getMessage(), got.getMessage());
            return;
        }
        assertEquals(describe(want), describe(StreamReader.read(input)));
    }

    private static List<String> describe(List<Document> docs) {
        return docs.stream().map(d -> d.index() + " line " + d.firstLine() + (d.empty() ? " empty" : "") + " header["
                + d.header() + "] text[" + d.text() + "]").toList();
    }

    private static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int jdkFirstMalformed(byte[] b) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(b));
            return -1;
        } catch (CharacterCodingException e) {
            ByteBuffer in = ByteBuffer.wrap(b);
            decoder.reset().decode(in, java.nio.CharBuffer.allocate(b.length + 1), true);
            return in.position();
        }
    }
}
