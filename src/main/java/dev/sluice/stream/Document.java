package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One document of a YAML stream. It keeps its original bytes (a range of the input, decoded only when
 * its text is read) so that an untouched document is written back byte for byte; its tree is parsed on
 * first use and re-serialised only once touched.
 */
public final class Document {
    private static final byte[] NONE = new byte[0];
    private final int index;
    /** The document's UTF-8 text is {@code source[start, end)}: a slice of the whole input, never copied. */
    private final byte[] source;
    private final int start;
    private final int end;
    private final String header;
    private final boolean empty;
    private ObjectNode tree;
    private boolean parsed;
    private boolean touched;
    private ObjectNode pristine;
    private final boolean generated;
    private int firstLine = 1;
    private volatile boolean validated;
    /** Answers of {@link #mentions}, so that the weave's repeated look-ups do not scan a large stream again. */
    private java.util.Map<String, Boolean> mentioned;
    /** See {@link #quotedMentions}. */
    private String quoted;
    private boolean quotedRead;

    private Document(int index, byte[] source, int start, int end, String header, boolean empty, ObjectNode tree, boolean generated) {
        this.index = index;
        this.source = source;
        this.start = start;
        this.end = end;
        this.header = header;
        this.empty = empty;
        this.tree = tree;
        this.parsed = tree != null;
        this.generated = generated;
        this.touched = generated;
    }

    /** A document read from the input stream; {@code header} is its marker line and leading comments. */
    static Document read(int index, String text, String header, boolean empty) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new Document(index, bytes, 0, bytes.length, header, empty, null, false);
    }

    /** A document read from {@code source[start, end)}, valid UTF-8; the array is shared, not copied. */
    static Document read(int index, byte[] source, int start, int end, String header, boolean empty) {
        return new Document(index, source, start, end, header, empty, null, false);
    }

    /** A document sluice made; {@code origin} names it in the {@code # Source:} comment. */
    public static Document generated(ObjectNode tree, String origin) {
        return new Document(-1, NONE, 0, 0, origin == null ? "---\n" : "---\n# Source: " + origin + "\n", false, tree, true);
    }

    /** Gives a document read from the input the tree it is known to hold: it is not parsed, nor checked, again. */
    void known(ObjectNode tree) {
        if (empty || parsed) {
            throw new IllegalStateException(describe() + " has no tree to be given");
        }
        this.tree = tree;
        this.parsed = true;
        this.validated = true;
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
        return new Document(-1, NONE, 0, 0, plain.header + comment + "\n", false, tree, true);
    }

    /** This generated document with more comment lines (each starting with "# ") after its header. */
    public Document withComment(String comment) {
        if (!generated) {
            throw new IllegalStateException("only generated documents take comments: " + describe());
        }
        return new Document(-1, NONE, 0, 0, header + comment + "\n", false, tree, true);
    }

    /** Position in the input stream, from 0; -1 for generated documents. */
    public int index() {
        return index;
    }

    /** The document's original text (decoded on each call: the bytes are what is kept). */
    public String text() {
        return new String(source, start, end - start, StandardCharsets.UTF_8);
    }

    /** A YAML reader of the original text, straight from its bytes. */
    YamlTrees.WholeTextReader reader() {
        return new YamlTrees.WholeTextReader(source, start, end);
    }

    /** Whether {@link BlockStyleCheck} proves the original text well-formed, so that SnakeYAML need not check it. */
    boolean plainBlockStyle() {
        return BlockStyleCheck.proves(source, start, end);
    }

    boolean validated() {
        return validated;
    }

    void validated(boolean checked) {
        validated = checked;
    }

    /** Length of the original text in UTF-8 bytes. */
    public int byteLength() {
        return end - start;
    }

    /** Writes the original bytes, unchanged. */
    void writeOriginal(java.io.OutputStream out) throws java.io.IOException {
        out.write(source, start, end - start);
    }

    boolean startsWith(String ascii) {
        return StreamReader.startsWith(source, start, end, ascii);
    }

    boolean endsWithNewline() {
        return end > start && source[end - 1] == '\n';
    }

    /** {@code text().isBlank()} without decoding ASCII text. */
    boolean isBlank() {
        for (int i = start; i < end; i++) {
            byte b = source[i];
            if (b < 0) {
                return text().isBlank();
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /** The marker line and the comments before the document's content. */
    public String header() {
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
        if (generated) {
            return tree.toString().contains(word);
        }
        java.util.Map<String, Boolean> known = mentioned;
        if (known == null) {
            known = new java.util.HashMap<>(4);
            mentioned = known;
        }
        return known.computeIfAbsent(word, w -> Needle.of(w).in(source, start, end) || quotedMentions(w));
    }

    /**
     * Whether a double-quoted scalar holds {@code word} once unescaped, as Kubernetes reads it (a kind
     * written with a \\u escape for one letter is still Deployment). Only double quotes hide a word from the
     * byte search: plain, single-quoted and block scalars hold their characters as written (folding adds
     * only blanks, which no searched word holds). A document without a backslash has no escape: no parse.
     */
    private boolean quotedMentions(String word) {
        if (!quotedRead) {
            quoted = hasBackslash() ? YamlTrees.doubleQuotedScalars(this) : "";
            quotedRead = true;
        }
        // null: the document does not parse; say yes, so that its reader parses it and reports the error
        return quoted == null || quoted.contains(word);
    }

    private boolean hasBackslash() {
        for (int i = start; i < end; i++) {
            if (source[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** A word as UTF-8 with its Horspool skip table: in valid UTF-8 a byte match is a character match. */
    private record Needle(byte[] bytes, int[] skip) {
        private static final java.util.Map<String, Needle> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        static Needle of(String word) {
            return CACHE.computeIfAbsent(word, w -> {
                byte[] b = w.getBytes(StandardCharsets.UTF_8);
                int[] skip = new int[256];
                java.util.Arrays.fill(skip, Math.max(1, b.length));
                for (int i = 0; i < b.length - 1; i++) {
                    skip[b[i] & 0xff] = b.length - 1 - i;
                }
                return new Needle(b, skip);
            });
        }

        boolean in(byte[] text, int from, int to) {
            int m = bytes.length;
            if (m == 0) {
                return true;
            }
            byte lastByte = bytes[m - 1];
            for (int i = from + m - 1; i < to; i += skip[text[i] & 0xff]) {
                if (text[i] == lastByte) {
                    int j = m - 2;
                    int k = i - 1;
                    while (j >= 0 && text[k] == bytes[j]) {
                        j--;
                        k--;
                    }
                    if (j < 0) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The parsed tree, or empty for an empty document. Parsing errors carry this document's name. */
    public Optional<ObjectNode> tree() {
        return tree(event -> {
        });
    }

    /**
     * As {@link #tree()}; when this call parses the document, {@code events} sees every parser event the tree
     * is built from, in order (one read of the text for the tree and for what the caller finds in it).
     */
    public Optional<ObjectNode> tree(java.util.function.Consumer<org.yaml.snakeyaml.events.Event> events) {
        if (empty) {
            return Optional.empty();
        }
        if (!parsed) {
            tree = YamlTrees.parseDocument(this, events);
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
