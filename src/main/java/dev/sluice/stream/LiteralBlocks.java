package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
    /** Per string or list item, per line prefix before it (indent, "- " or "key: "): the block the emitter wrote there. */
    private final Map<Object, Map<String, String>> blocks = new HashMap<>();
    /** Large mappings in lists already met (copies), such as the gate's container in every target. */
    private final Map<Item, Item> items = new HashMap<>();
    /** Items from this size on (keys and scalars, in characters) are remembered; at most this many. */
    static final int ITEM = 128;
    static final int ITEMS = 1024;

    /**
     * A mapping as a key: equal when the emitter writes both the same way (same keys in the same
     * order, scalars of the same class and text), which {@link ObjectNode#equals} does not tell.
     */
    static final class Item {
        private final JsonNode node;
        private final int hash;

        Item(JsonNode node) {
            this.node = node;
            this.hash = hash(node);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Item other && other.hash == hash && same(node, other.node);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        private static int hash(JsonNode n) {
            int h = n.getClass().hashCode();
            if (n instanceof ObjectNode o) {
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    h = 31 * (31 * h + e.getKey().hashCode()) + hash(e.getValue());
                }
            } else if (n instanceof ArrayNode a) {
                for (JsonNode item : a) {
                    h = 31 * h + hash(item);
                }
            } else {
                h = 31 * h + n.asText().hashCode();
            }
            return h;
        }

        private static boolean same(JsonNode a, JsonNode b) {
            if (a == b) {
                return true;
            }
            if (a.getClass() != b.getClass() || a.size() != b.size()) {
                return false;
            }
            if (a instanceof ObjectNode o) {
                Iterator<Map.Entry<String, JsonNode>> other = b.fields();
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Map.Entry<String, JsonNode> f = other.next();
                    if (!e.getKey().equals(f.getKey()) || !same(e.getValue(), f.getValue())) {
                        return false;
                    }
                }
                return true;
            }
            if (a instanceof ArrayNode) {
                for (int i = 0; i < a.size(); i++) {
                    if (!same(a.get(i), b.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            return a.equals(b) && a.asText().equals(b.asText())
                    && (!(a instanceof AsWritten.Scalar x) || x.text().equals(((AsWritten.Scalar) b).text()));
        }
    }

    /** A step down a tree: the field or index of {@code parent} that holds the next node; {@code up} the step before. */
    private record Step(Step up, JsonNode parent, String field, int index) {
        JsonNode child() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        /** In a copy of the parent. */
        void set(JsonNode copy, JsonNode value) {
            if (copy instanceof ObjectNode o) {
                o.set(field, value);
            } else {
                ((ArrayNode) copy).set(index, value);
            }
        }
    }

    /**
     * A long multi-line string, or a large mapping met before as a list item, in a tree, where it sits:
     * the last step to it.
     */
    private record Site(Step last, JsonNode node, Item item) {
        /** What the block is remembered by. */
        Object key() {
            return item != null ? item : node.textValue();
        }
    }

    /** The tree as {@link YamlTrees#write} writes it; the tree is only read (other threads may read it too). */
    String write(ObjectNode tree) {
        List<Site> sites = new ArrayList<>();
        find(tree, null, sites);
        List<Site> repeated = new ArrayList<>();
        for (Site s : sites) {
            if (s.item() != null || !seen.add(s.node().textValue())) {
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
            String block = blocks.getOrDefault(repeated.get(i).key(), Map.of()).get(prefix);
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
            blocks.computeIfAbsent(miss.key(), t -> new HashMap<>())
                    .put(prefix, written.substring(head.length(), written.length() - tail.length()));
        }
        return written;
    }

    /**
     * The tree written with each site as a placeholder (token + its index): a copy of each node on the
     * way to a site (the rest shared) holds it; the tree itself is not touched.
     */
    private String writeMarked(ObjectNode tree, List<Site> sites) {
        Map<JsonNode, JsonNode> copies = new IdentityHashMap<>();
        JsonNode root = copies.computeIfAbsent(tree, LiteralBlocks::shallowCopy);
        for (int i = 0; i < sites.size(); i++) {
            JsonNode copy = root;
            List<Step> path = new ArrayList<>();
            for (Step step = sites.get(i).last(); step != null; step = step.up()) {
                path.add(0, step);
            }
            for (int k = 0; k < path.size(); k++) {
                Step step = path.get(k);
                JsonNode next = k + 1 < path.size() ? copies.computeIfAbsent(step.child(), LiteralBlocks::shallowCopy)
                        : TextNode.valueOf(placeholder(i));
                step.set(copy, next);
                copy = next;
            }
        }
        return YamlTrees.write(root);
    }

    private static JsonNode shallowCopy(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            o.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
            return new ObjectNode(JsonNodeFactory.instance, fields);
        }
        List<JsonNode> items = new ArrayList<>(node.size());
        node.elements().forEachRemaining(items::add);
        return new ArrayNode(JsonNodeFactory.instance, items);
    }

    /**
     * The long strings of a tree, and its large list items met in an earlier document (written in full,
     * and searched, the first time).
     */
    private void find(JsonNode node, Step up, List<Site> sites) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Step step = new Step(up, o, e.getKey(), -1);
                if (isLong(e.getValue())) {
                    sites.add(new Site(step, e.getValue(), null));
                } else {
                    find(e.getValue(), step, sites);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                findInList(a.get(i), new Step(up, a, null, i), sites);
            }
        }
    }

    private void findInList(JsonNode value, Step step, List<Site> sites) {
        if (isLong(value)) {
            sites.add(new Site(step, value, null));
            return;
        }
        if (value instanceof ObjectNode && value.size() > 0 && weight(value, 0) >= ITEM) {
            Item known = items.get(new Item(value));
            if (known != null) {
                sites.add(new Site(step, value, known));
                return;
            }
            if (items.size() < ITEMS) {
                Item copy = new Item(value.deepCopy());
                items.put(copy, copy);
            }
        }
        find(value, step, sites);
    }

    /** Characters of keys and scalars in {@code node}, counted until {@link #ITEM}. */
    private static int weight(JsonNode node, int sum) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext() && sum < ITEM; ) {
                Map.Entry<String, JsonNode> e = it.next();
                sum = weight(e.getValue(), sum + e.getKey().length());
            }
            return sum;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size() && sum < ITEM; i++) {
                sum = weight(a.get(i), sum);
            }
            return sum;
        }
        return sum + (node.isTextual() ? node.textValue().length() : 1);
    }

    private static boolean isLong(JsonNode node) {
        return node.isTextual() && node.getClass() == TextNode.class && node.textValue().length() >= LONG
                && node.textValue().indexOf('\n') >= 0;
    }
}
