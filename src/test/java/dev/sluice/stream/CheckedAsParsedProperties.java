package dev.sluice.stream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A document that will be parsed is checked in the parse's own pass ({@code YamlTrees.checkedAsParsed}); its outcome,
 * the trees or the first error and its words, must be what checking every document first and parsing after gave.
 * Inputs: documents with what the quick block-style check does not prove (flow collections, anchors, aliases, merge
 * keys, tags, quoted escapes), broken by random edits.
 */
class CheckedAsParsedProperties {
    private static final List<String> SEEDS = List.of(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, labels: {app: a}}\nspec:\n  template:\n"
                    + "    spec:\n      containers: [{name: a, image: \"x:1\"}]\n",
            "base: &b {cpu: 1m, memory: 2Mi}\nkind: Job\nspec:\n  <<: *b\n  list: [1, 2, *b]\n  t: !!str 12\n",
            "kind: Deployment\nmetadata:\n  name: \"d\\u0065p\"\n  annotations: {a: 'x', b: \"y\\n\"}\nspec: {replicas: .nan}\n",
            "kind: StatefulSet\nspec:\n  - a\n  - {b: c}\nx: [a, {y: z}, [1, 2]]\nk: v\nk2: |\n  text\n");
    private static final String EDITS = "{}[],:&*!|>'\"\\#-? \n\t<%@`~0123456789abcxyzé.";

    @Property(tries = 1500)
    void checkingInTheParsePassChangesNoOutcome(@ForAll long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
        if (random.nextInt(3) == 0) {
            text.append("---\n").append(SEEDS.get(random.nextInt(SEEDS.size())));
        }
        int edits = random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(text.length() + 1);
            char c = EDITS.charAt(random.nextInt(EDITS.length()));
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, c);
                case 1 -> {
                    if (at < text.length()) {
                        text.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < text.length()) {
                        text.setCharAt(at, c);
                    }
                }
            }
        }
        byte[] input = text.toString().getBytes(StandardCharsets.UTF_8);
        String first = outcome(input, false);
        assertEquals(first, outcome(input, true), "seed " + seed + ":\n" + text);
        assertEquals(eachParsed(input, false), eachParsed(input, true), "seed " + seed + ", each parsed:\n" + text);
    }

    @org.junit.jupiter.api.Test
    void theSeedsParseButOneTheTreeBuilderRefuses() {
        for (int i = 0; i < SEEDS.size(); i++) {
            String out = outcome(SEEDS.get(i).getBytes(StandardCharsets.UTF_8), true);
            assertTrue(i == 2 ? out.contains("NaN") : out.startsWith("trees"), out);
        }
    }

    /** Each document's tree or error, parsed without the stream's check first (as a plan file is read); {@code fused}: as now. */
    static String eachParsed(byte[] input, boolean fused) {
        List<Document> docs;
        try {
            docs = StreamReader.read(input);
        } catch (StreamException e) {
            return "error: " + e.getMessage();
        }
        StringBuilder out = new StringBuilder();
        for (Document doc : docs) {
            try {
                if (!fused) {
                    YamlTrees.validate(doc);
                }
                String tree = doc.tree().map(Object::toString).orElse("(empty)");
                out.append('\n').append(tree);
            } catch (StreamException e) {
                out.append("\nerror: ").append(e.getMessage());
            }
        }
        return out.toString();
    }

    /** The trees, or the first error; {@code fused}: as sluice checks now, else every document checked on its own first. */
    static String outcome(byte[] input, boolean fused) {
        try {
            List<Document> docs = StreamReader.read(input);
            if (fused) {
                YamlTrees.validateAll(docs, doc -> true);
            } else {
                for (Document doc : docs) {
                    YamlTrees.validate(doc);
                }
            }
            StringBuilder trees = new StringBuilder("trees");
            for (Document doc : docs) {
                trees.append('\n').append(doc.tree().map(Object::toString).orElse("(empty)"));
            }
            return trees.toString();
        } catch (StreamException e) {
            return "error: " + e.getMessage();
        }
    }
}
