package dev.sluice.stream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.sluice.stream.BlockStyleCheckTest.doc;
import static dev.sluice.stream.BlockStyleCheckTest.proves;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BlockStyleCheck} against SnakeYAML: generated documents in Helm's block style (nested and
 * indentless sequences, compact mappings, block scalars, quoted keys and values, comments) are proved,
 * and SnakeYAML agrees; the same documents broken by random edits are proved only when SnakeYAML
 * accepts them too; a duplicated key is never proved.
 */
class BlockStyleCheckProperties {

    private static final String[] KEYS = {"name", "image", "app.kubernetes.io/name", "helm.sh/hook", "a", "b", "c", "80",
        "LOG_LEVEL", ".dockerconfigjson", "checksum/config", "x-y", "true", "null", "on"};
    private static final String[] SCALARS = {"1", "-1", "\"quoted: # not a comment\"", "'single ''quoted'''", "plain text",
        "http://example.com:80/x", "a#b", "yes", "~", "", "{}", "[]", "\"esc\\\"aped\\n\"", "--flag=1", "0o17", "12:30",
        "value # a comment", "x:y", "'#'", "\"\""};
    private static final String[] EDITS = {" ", ":", "-", "#", "'", "\"", "|", ">", "{", "}", "[", "]", "&", "*", "!", "\t",
        "\n", "a", ": ", " #", "- ", "\\", "%", "?", ",", "---", "...", "|2", "\n  ", "\n- "};

    @Property(tries = 1500)
    void helmStyleDocumentsAreProvedAndSnakeYamlAgrees(@ForAll long seed) {
        String text = new Generator(new Random(seed), false).document();
        assertTrue(proves(text), () -> "should prove:\n" + text);
        assertDoesNotThrow(() -> YamlTrees.validateFully(doc(text)), () -> "SnakeYAML disagrees:\n" + text);
    }

    @Property(tries = 4000)
    void brokenDocumentsAreProvedOnlyWhenSnakeYamlAcceptsThem(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int edits) {
        Random random = new Random(seed);
        String text = mutate(new Generator(random, false).document(), random, edits);
        List<Document> docs = StreamReader.split(text);
        boolean proved = docs.size() == 1 && proves(text);
        Statistics.label("proved after edits").collect(proved);
        if (proved) {
            assertDoesNotThrow(() -> YamlTrees.validateFully(docs.get(0)), () -> "proved, but SnakeYAML refuses:\n" + text);
        }
        // the check says yes to some broken-and-still-valid documents and no to others: neither side is empty
        Statistics.label("proved after edits").coverage(c -> {
            c.check(true).percentage(p -> p > 5);
            c.check(false).percentage(p -> p > 5);
        });
    }

    @Property(tries = 1000)
    void aDuplicatedKeyIsNeverProved(@ForAll long seed) {
        String text = new Generator(new Random(seed), true).document();
        assertFalse(proves(text), () -> "a duplicate key, proved:\n" + text);
        assertThrows(StreamException.class, () -> YamlTrees.validateFully(doc(text)), () -> "SnakeYAML should refuse:\n" + text);
    }

    private static String mutate(String text, Random random, int edits) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(7)) {
                case 0 -> {
                    int pos = random.nextInt(line.length() + 1);
                    lines.set(at, line.substring(0, pos) + EDITS[random.nextInt(EDITS.length)] + line.substring(pos));
                }
                case 1 -> {
                    if (!line.isEmpty()) {
                        int pos = random.nextInt(line.length());
                        lines.set(at, line.substring(0, pos) + line.substring(pos + 1));
                    }
                }
                case 2 -> lines.add(at, line);
                case 3 -> lines.remove(at);
                case 4 -> lines.set(at, " ".repeat(1 + random.nextInt(3)) + line);
                case 5 -> lines.set(at, line.startsWith("  ") ? line.substring(1 + random.nextInt(2)) : line);
                default -> {
                    if (at + 1 < lines.size()) {
                        lines.set(at, lines.get(at + 1));
                        lines.set(at + 1, line);
                    }
                }
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
        }
        return String.join("\n", lines);
    }

    /** Writes a random document in the block style Helm prints; with {@code duplicate}, one mapping repeats a key. */
    private static final class Generator {
        private final Random random;
        private boolean duplicate;
        private final StringBuilder out = new StringBuilder();

        Generator(Random random, boolean duplicate) {
            this.random = random;
            this.duplicate = duplicate;
        }

        String document() {
            if (random.nextBoolean()) {
                out.append("---\n");
            }
            if (random.nextInt(3) == 0) {
                out.append("# Source: chart/templates/x.yaml\n");
            }
            mapping(0, 0, null);
            if (duplicate) {
                // no mapping was deep enough to take it: repeat a top-level key
                out.append("kind: again\nkind: twice\n");
            }
            return out.toString();
        }

        /** A block mapping at {@code indent}; its first line starts with {@code firstPrefix} ("- ") when given. */
        private void mapping(int indent, int depth, String firstPrefix) {
            int size = 1 + random.nextInt(depth == 0 ? 5 : 4);
            List<String> keys = new ArrayList<>(Arrays.asList(KEYS));
            java.util.Collections.shuffle(keys, random);
            List<String> chosen = new ArrayList<>(keys.subList(0, size));
            if (duplicate && depth > 0 && size >= 1 && random.nextBoolean()) {
                chosen.add(random.nextInt(chosen.size() + 1), chosen.get(random.nextInt(chosen.size())));
                duplicate = false;
            }
            for (int i = 0; i < chosen.size(); i++) {
                String pad = i == 0 && firstPrefix != null ? " ".repeat(indent - firstPrefix.length()) + firstPrefix : " ".repeat(indent);
                noise(indent);
                out.append(pad).append(key(chosen.get(i))).append(':');
                entryValue(indent, depth);
            }
        }

        private void entryValue(int indent, int depth) {
            int kind = depth >= 5 ? 0 : random.nextInt(6);
            switch (kind) {
                case 1 -> {
                    out.append('\n');
                    mapping(indent + 2 + 2 * random.nextInt(2), depth + 1, null);
                }
                case 2 -> {
                    out.append('\n');
                    sequence(random.nextBoolean() ? indent : indent + 2, depth + 1);
                }
                case 3 -> blockScalar(indent);
                default -> {
                    String value = SCALARS[random.nextInt(SCALARS.length)];
                    out.append(value.isEmpty() ? "" : " " + value).append('\n');
                }
            }
        }

        private void sequence(int indent, int depth) {
            int size = 1 + random.nextInt(3);
            for (int i = 0; i < size; i++) {
                noise(indent);
                if (depth < 5 && random.nextBoolean()) {
                    String prefix = random.nextInt(4) == 0 ? "-   " : "- ";
                    mapping(indent + prefix.length(), depth + 1, prefix);
                } else {
                    String value = SCALARS[random.nextInt(SCALARS.length)];
                    if (value.isEmpty()) {
                        value = "item";
                    }
                    out.append(" ".repeat(indent)).append("- ").append(value).append('\n');
                }
            }
        }

        private void blockScalar(int indent) {
            out.append(" |").append(new String[] {"", "-", "+", ""}[random.nextInt(4)]);
            if (random.nextInt(4) == 0) {
                out.append(" # header comment");
            }
            out.append('\n');
            int content = indent + 2 + random.nextInt(3);
            if (random.nextInt(4) == 0) {
                out.append('\n');
            }
            // the first line sets the indentation: later lines may be deeper, blank or both
            out.append(" ".repeat(content)).append("first\n");
            int lines = random.nextInt(5);
            for (int i = 0; i < lines; i++) {
                switch (random.nextInt(6)) {
                    case 0 -> out.append(" ".repeat(random.nextInt(content + 3))).append('\n');
                    case 1 -> out.append(" ".repeat(content + 1 + random.nextInt(3))).append("deeper: {x} # kept\n");
                    case 2 -> out.append(" ".repeat(content)).append("- a list: in text\t'\"|>&*!%@`\n");
                    default -> out.append(" ".repeat(content)).append("line ").append(i).append('\n');
                }
            }
        }

        private String key(String key) {
            return switch (random.nextInt(6)) {
                case 0 -> "'" + key + "'";
                case 1 -> "\"" + key + "\"";
                default -> key;
            };
        }

        private void noise(int indent) {
            int n = random.nextInt(8);
            if (n == 0) {
                out.append(" ".repeat(random.nextInt(indent + 3))).append("# a comment\n");
            } else if (n == 1) {
                out.append('\n');
            }
        }
    }
}
