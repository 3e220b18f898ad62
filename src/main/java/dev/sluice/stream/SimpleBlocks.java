package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * The block YAML that {@link YamlTrees#write}'s generator (SnakeYAML's emitter under Jackson's YAML generator) writes,
 * written directly for the trees most of a large output is made of: mappings and lists of mappings down to scalars
 * that are short words (names, images, labels, whole numbers, booleans). The emitter analyses every scalar again,
 * key or value, in every document: ~60 % of the writing of 20,000 gated Deployments. Any other tree (a text with a
 * blank, a newline or a character outside the few below, a long key, a list in a list, another kind of number, an
 * empty document) gets null, and the generator writes it. {@code SimpleBlocksProperties} holds the two to the same
 * bytes on generated trees.
 */
final class SimpleBlocks {
    /** Longer texts go to the emitter (a key over 128 characters is written in another form). */
    static final int MAX_WORD = 100;

    private SimpleBlocks() {
    }

    /** The YAML of {@code tree}, or null when it holds anything but what is written here. */
    static String write(JsonNode tree) {
        if (!tree.isObject() || tree.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(1024);
        return mapping(tree, 0, false, out) ? out.toString() : null;
    }

    /** A non-empty mapping whose keys start at {@code indent}; {@code inItem}: its first key follows a list's "- ". */
    private static boolean mapping(JsonNode node, int indent, boolean inItem, StringBuilder out) {
        boolean first = true;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (!word(key) || YamlTrees.QUOTING.needToQuoteName(key)) {
                return false;
            }
            if (!(first && inItem)) {
                spaces(indent, out);
            }
            first = false;
            out.append(key).append(':');
            JsonNode value = field.getValue();
            if (value.isContainerNode() && !value.isEmpty()) {
                out.append('\n');
                if (!(value.isObject() ? mapping(value, indent + 2, false, out) : sequence(value, indent + 2, out))) {
                    return false;
                }
            } else {
                out.append(' ');
                if (!scalarOrEmpty(value, out)) {
                    return false;
                }
                out.append('\n');
            }
        }
        return true;
    }

    /** A non-empty list whose "- " starts at {@code indent}. */
    private static boolean sequence(JsonNode node, int indent, StringBuilder out) {
        for (JsonNode item : node) {
            spaces(indent, out);
            out.append("- ");
            if (item.isObject() && !item.isEmpty()) {
                if (!mapping(item, indent + 2, true, out)) {
                    return false;
                }
            } else if (item.isArray() && !item.isEmpty()) {
                return false;
            } else {
                if (!scalarOrEmpty(item, out)) {
                    return false;
                }
                out.append('\n');
            }
        }
        return true;
    }

    private static boolean scalarOrEmpty(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> out.append("{}");
            case ARRAY -> out.append("[]");
            case STRING -> {
                String text = node.textValue();
                if (!word(text)) {
                    return false;
                }
                if (YamlTrees.QUOTING.needToQuoteValue(text)) {
                    out.append('"').append(text).append('"');
                } else {
                    out.append(text);
                }
            }
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> out.append(node.intValue());
                    case LONG -> out.append(node.longValue());
                    default -> {
                        return false;
                    }
                }
            }
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * A text the emitter writes as it is, or in double quotes as it is: a letter or digit, then letters, digits and
     * {@code . _ / : @ % + = -}, not ending in ':' (which the emitter would quote on its own), at most {@link #MAX_WORD}.
     */
    static boolean word(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_WORD || !alphanumeric(s.charAt(0)) || s.charAt(n - 1) == ':') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!alphanumeric(c) && c != '.' && c != '_' && c != '/' && c != ':' && c != '@' && c != '%' && c != '+'
                    && c != '=' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static void spaces(int n, StringBuilder out) {
        for (int i = 0; i < n; i++) {
            out.append(' ');
        }
    }
}
