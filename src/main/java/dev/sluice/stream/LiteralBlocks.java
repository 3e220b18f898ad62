package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the changed documents of one stream, where the same long multi-line string comes back in many
 * of them (the gate's script in every target). The YAML emitter analyses a scalar character by
 * character each time it writes it; here a string already written is written as a short placeholder
 * and its block ({@code |} and the indented lines) put in its place, as the emitter wrote it the first
 * time at the same position in a line. The output is byte for byte what {@link YamlTrees#write} gives.
 */
final class LiteralBlocks {
    /** Shorter strings cost the emitter less than the search for a placeholder. */
    static final int LONG = 512;

    private final String token = "sluiceblock" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + "x";
    private final Set<String> seen = new HashSet<>();
    /** Per string, per line prefix before it (indent, "- " or "key: "): the block the emitter wrote there. */
    private final Map<String, Map<String, String>> blocks = new HashMap<>();
    /**
     * Shared by writers on other threads: which document each node holding a long string belongs to,
     * since writing one marks it in place; null on one thread.
     */
    private final Map<Owned, Integer> owners;

    LiteralBlocks() {
        this(null);
    }

    LiteralBlocks(Map<Owned, Integer> owners) {
        this.owners = owners;
    }

    /** A node, by identity. */
    record Owned(JsonNode node) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Owned other && other.node == node;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(node);
        }
    }

    /** Thrown when a node that writing marks in place is also in another document: write on one thread. */
    static final class SharedNode extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SharedNode() {
            super("a node is in more than one document", null, false, false);
        }
    }

    /** A long multi-line string in a tree, where it sits. */
    private record Site(JsonNode parent, String field, int index, JsonNode node) {
        String text() {
            return node.textValue();
        }

        void set(JsonNode value) {
            if (parent instanceof ObjectNode o) {
                o.set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }
    }

    String write(ObjectNode tree) {
        return write(tree, -1);
    }

    /** As above, for document {@code doc} of the stream, when other threads write the others. */
    String write(ObjectNode tree, int doc) {
        List<Site> sites = new ArrayList<>();
        find(tree, sites);
        if (owners != null) {
            for (Site s : sites) {
                Integer owner = owners.putIfAbsent(new Owned(s.parent()), doc);
                if (owner != null && owner != doc) {
                    throw new SharedNode();
                }
            }
        }
        List<Site> repeated = new ArrayList<>();
        for (Site s : sites) {
            if (!seen.add(s.text())) {
                repeated.add(s);
            }
        }
        if (repeated.isEmpty()) {
            return YamlTrees.write(tree);
        }
        String marked = writeMarked(tree, repeated);
        StringBuilder out = new StringBuilder(marked.length() + repeated.size() * 4096);
        int from = 0;
        for (int i = 0; i < repeated.size(); i++) {
            String placeholder = placeholder(i);
            int at = marked.indexOf(placeholder, from);
            int end = at + placeholder.length();
            if (at < 0 || end >= marked.length() || marked.charAt(end) != '\n' || marked.indexOf(placeholder, end) >= 0) {
                return YamlTrees.write(tree);
            }
            String prefix = marked.substring(marked.lastIndexOf('\n', at) + 1, at);
            String block = blocks.getOrDefault(repeated.get(i).text(), Map.of()).get(prefix);
            if (block == null) {
                return learn(tree, repeated.get(i));
            }
            out.append(marked, from, at).append(block);
            from = end + 1;
        }
        return out.append(marked, from, marked.length()).toString();
    }

    private String placeholder(int i) {
        return token + i + "z";
    }

    /**
     * The document as the emitter writes it, and the block it gave {@code miss}, a string not yet known
     * at its position (the first target of a stream), kept for the next documents.
     */
    private String learn(ObjectNode tree, Site miss) {
        String written = YamlTrees.write(tree);
        // the document again with only that string marked, every other written in full
        String marked = writeMarked(tree, List.of(miss));
        String placeholder = placeholder(0);
        int at = marked.indexOf(placeholder);
        int end = at + placeholder.length();
        if (at < 0 || end >= marked.length() || marked.charAt(end) != '\n' || marked.indexOf(placeholder, end) >= 0) {
            return written;
        }
        String head = marked.substring(0, at);
        String tail = marked.substring(end + 1);
        if (written.startsWith(head) && written.endsWith(tail) && written.length() > head.length() + tail.length()) {
            String prefix = head.substring(head.lastIndexOf('\n') + 1);
            blocks.computeIfAbsent(miss.text(), t -> new HashMap<>())
                    .put(prefix, written.substring(head.length(), written.length() - tail.length()));
        }
        return written;
    }

    /** The tree written with each site's string as a placeholder (token + its index); the tree is left as it was. */
    private String writeMarked(ObjectNode tree, List<Site> sites) {
        try {
            for (int i = 0; i < sites.size(); i++) {
                sites.get(i).set(TextNode.valueOf(placeholder(i)));
            }
            return YamlTrees.write(tree);
        } finally {
            for (Site s : sites) {
                s.set(s.node());
            }
        }
    }

    private static void find(JsonNode node, List<Site> sites) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (isLong(e.getValue())) {
                    sites.add(new Site(o, e.getKey(), -1, e.getValue()));
                } else {
                    find(e.getValue(), sites);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (isLong(a.get(i))) {
                    sites.add(new Site(a, null, i, a.get(i)));
                } else {
                    find(a.get(i), sites);
                }
            }
        }
    }

    private static boolean isLong(JsonNode node) {
        return node.isTextual() && node.getClass() == TextNode.class && node.textValue().length() >= LONG
                && node.textValue().indexOf('\n') >= 0;
    }
}
