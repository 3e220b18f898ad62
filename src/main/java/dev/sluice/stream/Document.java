package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * One document of a YAML stream. It keeps its original text so that an untouched document is
 * written back byte for byte; its tree is parsed on first use and re-serialised only once touched.
 */
public final class Document {
    private final int index;
    private final String text;
    private final String header;
    private final boolean empty;
    private ObjectNode tree;
    private boolean parsed;
    private boolean touched;
    private ObjectNode pristine;
    private final boolean generated;
    private int firstLine = 1;

    private Document(int index, String text, String header, boolean empty, ObjectNode tree, boolean generated) {
        this.index = index;
        this.text = text;
        this.header = header;
        this.empty = empty;
        this.tree = tree;
        this.parsed = tree != null;
        this.generated = generated;
        this.touched = generated;
    }

    /** A document read from the input stream; {@code header} is its marker line and leading comments. */
    static Document read(int index, String text, String header, boolean empty) {
        return new Document(index, text, header, empty, null, false);
    }

    /** A document sluice made; {@code origin} names it in the {@code # Source:} comment. */
    public static Document generated(ObjectNode tree, String origin) {
        return new Document(-1, "", origin == null ? "---\n" : "---\n# Source: " + origin + "\n", false, tree, true);
    }

    void firstLine(int line) {
        this.firstLine = line;
    }

    /** The line of the input stream this document starts on, from 1. */
    public int firstLine() {
        return firstLine;
    }

    /** A generated document with comment lines (each starting with "# ") after its header. */
    public static Document generated(ObjectNode tree, String origin, String comment) {
        Document plain = generated(tree, origin);
        return new Document(-1, "", plain.header + comment + "\n", false, tree, true);
    }

    /** Position in the input stream, from 0; -1 for generated documents. */
    public int index() {
        return index;
    }

    public String text() {
        return text;
    }

    String header() {
        return header;
    }

    public boolean generated() {
        return generated;
    }

    /** True when the document holds nothing but comments, markers or blank lines. */
    public boolean empty() {
        return empty;
    }

    public boolean touched() {
        return touched;
    }

    /** Cheap pre-filter: can this document mention {@code word} at all? Never parses. */
    public boolean mentions(String word) {
        return text.contains(word) || (generated && tree.toString().contains(word));
    }

    /** The parsed tree, or empty for an empty document. Parsing errors carry this document's name. */
    public Optional<ObjectNode> tree() {
        if (empty) {
            return Optional.empty();
        }
        if (!parsed) {
            tree = YamlTrees.parseDocument(text, this);
            parsed = true;
        }
        return Optional.of(tree);
    }

    /** The tree for editing: marks the document as touched, so it is re-serialised. */
    public ObjectNode edit() {
        ObjectNode node = tree().orElseThrow(() -> new IllegalStateException("empty document has no tree"));
        if (!touched) {
            pristine = node.deepCopy();
            touched = true;
        }
        return node;
    }

    /** True when the output must be serialised from the tree: generated, or edited into something different. */
    public boolean changed() {
        return generated || (touched && !tree.equals(pristine));
    }

    ObjectNode treeForWriting() {
        return tree;
    }

    public String kind() {
        return tree().map(t -> t.path("kind").asText("")).orElse("");
    }

    public String apiVersion() {
        return tree().map(t -> t.path("apiVersion").asText("")).orElse("");
    }

    public String name() {
        return tree().map(t -> t.path("metadata").path("name").asText("")).orElse("");
    }

    public JsonNode metadata() {
        return tree().map(t -> t.path("metadata")).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    /** The file Helm rendered this document from, from its {@code # Source:} comment or Helm 4's annotation. */
    public Optional<String> source() {
        int at = header.indexOf("# Source: ");
        if (at >= 0) {
            int end = header.indexOf('\n', at);
            return Optional.of(header.substring(at + 10, end < 0 ? header.length() : end).trim());
        }
        return Optional.empty();
    }

    /** How error messages name this document: index, source file, kind/name when known. */
    public String describe() {
        StringBuilder out = new StringBuilder(generated ? "generated document" : "document " + (index + 1));
        source().ifPresent(s -> out.append(" (").append(s).append(')'));
        if (parsed && tree != null) {
            String kind = tree.path("kind").asText("");
            String name = tree.path("metadata").path("name").asText("");
            if (!kind.isEmpty() || !name.isEmpty()) {
                out.append(' ').append(kind.isEmpty() ? "?" : kind).append('/').append(name.isEmpty() ? "?" : name);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
