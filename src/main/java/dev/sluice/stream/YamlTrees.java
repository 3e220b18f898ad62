package dev.sluice.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.scanner.Constant;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * YAML text to Jackson trees and back, with the traps of Kubernetes YAML handled: anchors and merge
 * keys are expanded (SnakeYAML's composer), duplicate keys and alias bombs are rejected, timestamps
 * stay strings (as Kubernetes reads them), and strings are written so that nothing reads them back
 * as numbers or booleans.
 */
public final class YamlTrees {
    /** Largest number of nodes a document may expand to through aliases. */
    static final long MAX_EXPANDED_NODES = 2_000_000;
    static final int MAX_DEPTH = 200;

    /** Whether a string needs quotes, decided once per string for the generator and for {@link SimpleBlocks}. */
    static final SafeQuoting QUOTING = new SafeQuoting();

    /**
     * The generator's settings. Trees are written through the generator alone ({@link TreeOut}): an ObjectMapper
     * would cost its first use the set-up of Jackson's serializers to make the same generator calls.
     */
    static final YAMLFactory WRITER = YAMLFactory.builder()
            .stringQuotingChecker(QUOTING)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private YamlTrees() {
    }

    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(1000);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setProcessComments(false);
        return options;
    }

    /** Builds one document's tree as kubectl reads it; the text is read by {@link WholeTextReader}, so long lines cost linear time. */
    private static JsonNode load(Document doc, java.util.function.Consumer<Event> events) {
        return TreeBuilder.build(doc, new ParserImpl(doc.reader(), loaderOptions()), events);
    }

    /**
     * SnakeYAML's own reader refills a 1 KiB buffer by copying its whole look-ahead window, which makes a long
     * run of non-blank characters (a base64 blob on one line) quadratic: 4 MB took ~10 s. This one holds the
     * document's code points at once; it mirrors {@link StreamReader}'s public contract.
     */
    static final class WholeTextReader extends org.yaml.snakeyaml.reader.StreamReader {
        private final int[] points;
        private int pointer;
        private int index;
        private int documentIndex;
        private int line;
        private int column;

        /** Reads {@code bytes[start, end)}, valid UTF-8, decoding it straight to code points. */
        WholeTextReader(byte[] bytes, int start, int end) {
            super(java.io.Reader.nullReader());
            int[] decoded = new int[end - start];
            int n = 0;
            int i = start;
            while (i < end) {
                int b = bytes[i];
                if (b >= 0) {
                    decoded[n++] = b;
                    i++;
                } else if ((b & 0xe0) == 0xc0) {
                    decoded[n++] = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
                    i += 2;
                } else if ((b & 0xf0) == 0xe0) {
                    decoded[n++] = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
                    i += 3;
                } else {
                    decoded[n++] = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
                    i += 4;
                }
            }
            this.points = n == decoded.length ? decoded : java.util.Arrays.copyOf(decoded, n);
            checkPrintable(points);
        }

        private static void checkPrintable(int[] points) {
            for (int i = 0; i < points.length; i++) {
                int c = points[i];
                if ((c < 0x20 || c > 0x7e) && c != '\n' && !isPrintable(c)) {
                    throw new ReaderException("'string'", i, c, "special characters are not allowed");
                }
            }
        }

        @Override
        public Mark getMark() {
            return new Mark("'string'", index, line, column, points, pointer);
        }

        @Override
        public void forward() {
            forward(1);
        }

        @Override
        public void forward(int length) {
            for (int i = 0; i < length && pointer < points.length; i++) {
                int c = points[pointer++];
                index++;
                documentIndex++;
                if (Constant.LINEBR.has(c) || (c == '\r' && pointer < points.length && points[pointer] != '\n')) {
                    line++;
                    column = 0;
                } else if (c != 0xFEFF) {
                    column++;
                }
            }
        }

        @Override
        public int peek() {
            return pointer < points.length ? points[pointer] : '\0';
        }

        @Override
        public int peek(int offset) {
            return pointer + offset < points.length ? points[pointer + offset] : '\0';
        }

        @Override
        public String prefix(int length) {
            return length == 0 ? "" : new String(points, pointer, Math.min(length, points.length - pointer));
        }

        @Override
        public String prefixForward(int length) {
            String prefix = prefix(length);
            pointer += length;
            index += length;
            documentIndex += length;
            column += length;
            return prefix;
        }

        @Override
        public int getColumn() {
            return column;
        }

        @Override
        public int getDocumentIndex() {
            return documentIndex;
        }

        @Override
        public void resetDocumentIndex() {
            documentIndex = 0;
        }

        @Override
        public int getIndex() {
            return index;
        }

        @Override
        public int getLine() {
            return line;
        }
    }

    /** Checks one document without building it: syntax, a mapping at the root, no duplicate keys, no alias bomb. */
    public static void validate(Document doc) {
        if (doc.empty()) {
            return;
        }
        if (!doc.validated()) {
            if (!doc.plainBlockStyle()) {
                validateFully(doc);
            }
            doc.validated(true);
        }
    }

    /** {@link #validate} without the quick check for the plain block style: SnakeYAML reads it all. */
    static void validateFully(Document doc) {
        if (!doc.empty()) {
            new Validator(doc).run(doc::reader);
        }
    }

    /** Below this many bytes a stream is checked on one thread: starting another costs more than it saves. */
    static final int PARALLEL_BYTES = 1 << 20;

    /**
     * {@link #validate} on every document, on every core for a large stream. The error is always the
     * one of the first bad document, as a check in order would report it.
     */
    public static void validateAll(List<Document> docs) {
        validateAll(docs, doc -> false);
    }

    /**
     * As above; on a large stream the workers also parse the documents that {@code parseToo} selects,
     * so that their trees are ready. A document that fails to parse is left for its reader to parse
     * again, so errors and their order are those of a check in order followed by parsing in order.
     */
    public static void validateAll(List<Document> docs, java.util.function.Predicate<Document> parseToo) {
        long bytes = 0;
        for (Document doc : docs) {
            bytes += doc.byteLength();
        }
        int threads = (int) Math.min(Runtime.getRuntime().availableProcessors(), Math.max(1, bytes / PARALLEL_BYTES));
        if (threads <= 1 || docs.size() < 2) {
            for (Document doc : docs) {
                check(doc, parseToo);
            }
            return;
        }
        new ParallelCheck(docs, parseToo).run(threads);
    }

    /**
     * {@link #validate}; a document {@code parseToo} selects is parsed in the same pass ({@link #checkedAsParsed}). A
     * document that fails to parse is left for its reader to parse again, and report, in order; a problem the check
     * finds is found again, and thrown, by {@code validate}.
     */
    private static void check(Document doc, java.util.function.Predicate<Document> parseToo) {
        if (!doc.empty() && parseToo.test(doc)) {
            try {
                doc.tree();
            } catch (RuntimeException | StackOverflowError e) {
                // reported below if the check found it, else by the reader
            }
        }
        validate(doc);
    }

    /** Workers take documents in order; one that fails stops everyone from checking documents after it. */
    private static final class ParallelCheck {
        private final List<Document> docs;
        private final java.util.function.Predicate<Document> parseToo;
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger firstBad = new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);
        private final java.util.concurrent.ConcurrentHashMap<Integer, Throwable> failures = new java.util.concurrent.ConcurrentHashMap<>();

        ParallelCheck(List<Document> docs, java.util.function.Predicate<Document> parseToo) {
            this.docs = docs;
            this.parseToo = parseToo;
        }

        void run(int threads) {
            EveryCore.run("sluice-check", threads, this::work);
            int bad = firstBad.get();
            if (bad != Integer.MAX_VALUE) {
                Throwable failure = failures.get(bad);
                if (failure instanceof RuntimeException e) {
                    throw e;
                }
                throw (Error) failure;
            }
        }

        private void work() {
            final int batch = 8;
            while (true) {
                int from = next.getAndAdd(batch);
                if (from >= docs.size()) {
                    return;
                }
                for (int i = from; i < Math.min(from + batch, docs.size()); i++) {
                    if (i > firstBad.get()) {
                        return;
                    }
                    Document doc = docs.get(i);
                    try {
                        check(doc, parseToo);
                    } catch (RuntimeException | Error e) {
                        failures.put(i, e);
                        firstBad.accumulateAndGet(i, Math::min);
                        return;
                    }
                }
            }
        }
    }

    /**
     * Parses one document of a stream into a tree; the document must hold exactly one mapping. {@code events}
     * sees every parser event the tree is built from, so that a reader that needs more of the text than the
     * tree (where each item of a ResourceList is) reads it in the same pass.
     */
    static ObjectNode parseDocument(Document doc, java.util.function.Consumer<Event> events) {
        if (!doc.empty() && !doc.validated() && !doc.plainBlockStyle()) {
            return checkedAsParsed(doc, events);
        }
        validate(doc);
        JsonNode value;
        try {
            value = load(doc, events);
        } catch (YAMLException e) {
            throw worded(doc, e, mark -> "");
        }
        if (!(value instanceof ObjectNode tree)) {
            throw notMapping(doc, value == null || value.isNull() ? null : value.isArray() ? List.of() : value.asText());
        }
        return tree;
    }

    /** A problem the check found in the pass that also builds the tree. */
    private static final class CheckFailed extends RuntimeException {
        CheckFailed(StreamException found) {
            super(found);
        }
    }

    /**
     * Checks and parses a document in one read of its text: the check ({@link Validator}) sees every event before the
     * tree is built from it, so a problem it finds is the one a check of its own would report, and SnakeYAML's own
     * errors are worded as the check words them (the same parser, the same events up to the error). When the tree's
     * builder refuses something the check accepts, the check reads the rest of the document on its own first, so
     * that a problem further on is reported before the builder's, as when the check ran first.
     */
    private static ObjectNode checkedAsParsed(Document doc, java.util.function.Consumer<Event> events) {
        Validator check = new Validator(doc);
        JsonNode value;
        try {
            value = load(doc, event -> {
                try {
                    check.accept(event);
                } catch (StreamException e) {
                    throw new CheckFailed(e);
                }
                events.accept(event);
            });
        } catch (CheckFailed e) {
            throw (StreamException) e.getCause();
        } catch (YAMLException e) {
            throw worded(doc, e, check::pathAt);
        } catch (RuntimeException | StackOverflowError refused) {
            validateFully(doc);
            doc.validated(true);
            throw refused;
        }
        doc.validated(true);
        if (!(value instanceof ObjectNode tree)) {
            throw notMapping(doc, value == null || value.isNull() ? null : value.isArray() ? List.of() : value.asText());
        }
        return tree;
    }

    /**
     * The values (and keys) of the document's double-quoted scalars, unescaped, one a line; for a document
     * that does not parse, null: the tree's reader reports the error.
     */
    static String doubleQuotedScalars(Document doc) {
        StringBuilder out = new StringBuilder();
        try {
            Parser parser = new ParserImpl(doc.reader(), loaderOptions());
            for (Event event = parser.getEvent(); event != null && !event.is(Event.ID.StreamEnd); event = parser.getEvent()) {
                if (event instanceof ScalarEvent s && s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
                    out.append(s.getValue()).append('\n');
                }
            }
        } catch (YAMLException e) {
            return null;
        }
        return out.toString();
    }

    private static StreamException notMapping(Document doc, Object value) {
        String what = value == null ? "empty (null)" : value instanceof List ? "a list" : "a scalar";
        if (value instanceof String text && !text.isBlank()) {
            String first = text.strip().lines().findFirst().orElse("");
            what += " (\"" + (first.length() > 40 ? first.substring(0, 40) + "..." : first) + "\")";
        }
        return new StreamException(named(doc) + ": the document is " + what
                + ", not a mapping; every document of a Kubernetes stream must be one object (apiVersion, kind, metadata...)");
    }

    /** How a message names a document that may not parse: index, source file, and kind/name read from its text. */
    static String named(Document doc) {
        String described = doc.describe();
        String guess = guessKindAndName(doc.text());
        return guess.isEmpty() || described.endsWith(" " + guess) ? described : described + " " + guess;
    }

    /** Top-level {@code kind:} and {@code metadata.name} found line by line, without parsing; "" when absent. */
    static String guessKindAndName(String text) {
        String kind = "";
        String name = "";
        boolean inMetadata = false;
        int childIndent = -1;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (indent == 0) {
                inMetadata = line.startsWith("metadata:");
                if (line.startsWith("kind:") && kind.isEmpty()) {
                    kind = scalarAfterColon(line);
                }
            } else if (inMetadata && name.isEmpty()) {
                if (childIndent < 0) {
                    childIndent = indent;
                }
                if (indent == childIndent && line.stripLeading().startsWith("name:")) {
                    name = scalarAfterColon(line);
                }
            }
        }
        if (kind.isEmpty() && name.isEmpty()) {
            return "";
        }
        return (kind.isEmpty() ? "?" : kind) + "/" + (name.isEmpty() ? "?" : name);
    }

    private static String scalarAfterColon(String line) {
        String v = line.substring(line.indexOf(':') + 1).strip();
        int comment = v.indexOf(" #");
        if (comment >= 0) {
            v = v.substring(0, comment).strip();
        }
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            v = v.substring(1, v.length() - 1);
        }
        return v.length() > 63 || v.contains(" ") ? "" : v;
    }

    static StreamException located(Document doc, Mark mark, String problem) {
        String where = mark == null ? "" : ", line " + (doc.firstLine() + mark.getLine()) + " column " + (mark.getColumn() + 1);
        return new StreamException(named(doc) + where + ": " + problem);
    }

    /** A syntax error: where, in which field (the last one read before it), and what YAML expected. */
    static StreamException syntax(Document doc, MarkedYAMLException e, String field) {
        StringBuilder problem = new StringBuilder(field.isEmpty() ? "" : "in " + field + ": ");
        problem.append(cleanProblem(e.getProblem()));
        Mark context = e.getContextMark();
        if (e.getContext() != null && context != null && e.getProblemMark() != null
                && (context.getLine() != e.getProblemMark().getLine() || context.getColumn() != e.getProblemMark().getColumn())) {
            problem.append(" (").append(oneLine(e.getContext())).append(" that starts at line ")
                    .append(doc.firstLine() + context.getLine()).append(" column ").append(context.getColumn() + 1).append(')');
        }
        return located(doc, e.getProblemMark(), problem.toString());
    }

    /**
     * SnakeYAML's refusal of a document, in sluice's words: a syntax error located in the field {@code fieldAt} names
     * at its mark ("" for none), an unprintable character, or anything else as SnakeYAML says it.
     */
    static StreamException worded(Document doc, YAMLException e, java.util.function.Function<Mark, String> fieldAt) {
        if (e instanceof MarkedYAMLException marked) {
            return syntax(doc, marked, fieldAt.apply(marked.getProblemMark()));
        }
        if (e instanceof ReaderException unreadable) {
            return unprintable(doc, unreadable);
        }
        return new StreamException(named(doc) + ": " + oneLine(e.getMessage()));
    }

    /** SnakeYAML refuses control characters; say which one and where, not its internal stream name. */
    static StreamException unprintable(Document doc, ReaderException e) {
        String text = doc.text();
        int at = Math.min(text.length(), text.offsetByCodePoints(0, Math.min(e.getPosition(), text.codePointCount(0, text.length()))));
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int cp = e.getCodePoint();
        String hint = cp == 0x1B ? " (ANSI colour codes? run the producer with colours off, e.g. --no-color)" : "";
        return new StreamException(named(doc) + ", line " + (doc.firstLine() + line) + " column " + (at - lineStart + 1)
                + ": control character " + String.format("U+%04X", cp) + " is not allowed in YAML; escape it inside a"
                + " double-quoted string (\"\\u" + String.format("%04x", cp) + "\") or remove it" + hint);
    }

    /** A key as an error message shows it: control characters escaped, so the message stays one line. */
    static String printable(String key) {
        StringBuilder out = null;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
            if (control && out == null) {
                out = new StringBuilder(key.substring(0, i));
            }
            if (out != null) {
                if (!control) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\t') {
                    out.append("\\t");
                } else if (c == '\r') {
                    out.append("\\r");
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? key : out.toString();
    }

    static String oneLine(String message) {
        return message == null ? "invalid YAML" : message.replaceAll("\\s*\\n\\s*", " ").trim();
    }

    private static String cleanProblem(String problem) {
        if (problem == null) {
            return "invalid YAML";
        }
        String p = oneLine(problem);
        if (p.contains("'\\t'") || p.contains("\\t(TAB)")) {
            return "a tab character where YAML expects indentation or a value; YAML indents with spaces only (replace the tab with spaces)";
        }
        if (p.startsWith("mapping values are not allowed here")) {
            return p + " (a line indented deeper than the key above it, or a value holding ': ' that needs quotes)";
        }
        if (p.startsWith("could not find expected ':'")) {
            return p + " (a key without ':', a line indented wrongly, or an unclosed quote above)";
        }
        return p;
    }

    /**
     * A copy of {@code tree} in which every plain scalar that kubectl reads as a number or boolean is the
     * text it was written as ({@code 0755}, {@code 1.10}, {@code on}), so that sluice reads its own output
     * as it read the input: for a configuration echoed back (a KRM functionConfig), whose text fields sluice
     * takes as written and whose number fields it reads from such text as kubectl would.
     */
    public static JsonNode keepingWrittenScalars(JsonNode tree) {
        if (tree instanceof AsWritten.Scalar written) {
            return JsonNodeFactory.instance.textNode(written.text());
        }
        if (tree instanceof ObjectNode object) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            object.fields().forEachRemaining(e -> copy.set(e.getKey(), keepingWrittenScalars(e.getValue())));
            return copy;
        }
        if (tree instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> copy.add(keepingWrittenScalars(item)));
            return copy;
        }
        return tree;
    }

    /** Writes a tree as block YAML (no document marker), strings quoted wherever a reader could mistype them. */
    public static String write(JsonNode tree) {
        String simple = SimpleBlocks.write(tree);
        return simple != null ? simple : generated(tree);
    }

    /** {@link #write} by the generator alone. */
    static String generated(JsonNode tree) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator generator = WRITER.createGenerator(out)) {
            TreeOut.write(tree, generator, false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a tree: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The event-level checks: cheap enough to run on every document of a large stream. */
    private static final class Validator {
        private final Document doc;
        private final Deque<Frame> stack = new ArrayDeque<>();
        private final Map<String, Long> anchorSizes = new HashMap<>();
        private long expanded;

        Validator(Document doc) {
            this.doc = doc;
        }

        private static final class Frame {
            final boolean mapping;
            final String anchor;
            final long startSize;
            /** A block collection (indented lines), not a flow one ({@code [a, b]}). */
            boolean block;
            boolean expectKey = true;
            Set<String> keys;
            /** The key whose value is being read (mappings), or how many items are complete (sequences). */
            String key;
            int items;

            Frame(boolean mapping, String anchor, long startSize) {
                this.mapping = mapping;
                this.anchor = anchor;
                this.startSize = startSize;
            }
        }

        private boolean root = true;

        void run(java.util.function.Supplier<WholeTextReader> reader) {
            try {
                LoaderOptions options = loaderOptions();
                Parser parser = new ParserImpl(reader.get(), options);
                for (Event event = parser.getEvent(); event != null && !event.is(Event.ID.StreamEnd); event = parser.getEvent()) {
                    accept(event);
                }
            } catch (YAMLException e) {
                throw worded(doc, e, this::pathAt);
            }
        }

        /** Checks one event of the document, in order; a problem throws, named and located. */
        void accept(Event event) {
            switch (event.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (root && event.getEventId() == Event.ID.SequenceStart) {
                        throw notMapping(doc, List.of());
                    }
                    root = false;
                    if (stack.size() >= MAX_DEPTH) {
                        throw located(doc, event.getStartMark(), "the document nests deeper than " + MAX_DEPTH
                                + " levels (at " + abbreviated(path()) + "); no Kubernetes object is that deep,"
                                + " so sluice refuses it");
                    }
                    expanded++;
                    keyCheckForCollection();
                    stack.push(new Frame(event.getEventId() == Event.ID.MappingStart,
                            ((CollectionStartEvent) event).getAnchor(), expanded));
                    stack.peek().block = !((CollectionStartEvent) event).isFlow();
                }
                case MappingEnd, SequenceEnd -> {
                    Frame frame = stack.pop();
                    if (frame.anchor != null) {
                        anchorSizes.put(frame.anchor, expanded - frame.startSize + 1);
                    }
                    completed();
                }
                case Scalar -> {
                    ScalarEvent s = (ScalarEvent) event;
                    if (root) {
                        throw notMapping(doc, s.getValue().isEmpty() && s.getImplicit().canOmitTagInPlainScalar() ? null : s.getValue());
                    }
                    expanded++;
                    if (s.getAnchor() != null) {
                        anchorSizes.put(s.getAnchor(), 1L);
                    }
                    Frame top = stack.peek();
                    if (top != null && top.mapping && top.expectKey) {
                        String key = s.getValue();
                        if (!"<<".equals(key)) {
                            if (top.keys == null) {
                                top.keys = new HashSet<>();
                            }
                            if (!top.keys.add(key)) {
                                String in = path();
                                throw located(doc, event.getStartMark(), "duplicate key '" + printable(key) + "' "
                                        + (in.isEmpty() ? "at the top level" : "in " + in)
                                        + " (a YAML reader would silently keep only one of them; remove one)");
                            }
                        }
                        top.key = key;
                        top.expectKey = false;
                    } else {
                        completed();
                    }
                }
                case Alias -> {
                    if (root) {
                        throw notMapping(doc, "");
                    }
                    String anchor = ((NodeEvent) event).getAnchor();
                    Long size = anchorSizes.get(anchor);
                    if (size == null) {
                        // in a Secret, a "*..." value may be a password meant literally: never print it
                        String shown = guessKindAndName(doc.text()).startsWith("Secret/") ? "" : anchor;
                        throw located(doc, event.getStartMark(), "in " + orTop(path()) + ": alias *" + shown
                                + " refers to no anchor &" + shown + " defined before it in this document"
                                + " (anchors do not cross '---'; quote the value if '*' is meant literally)");
                    }
                    expanded += size;
                    if (expanded > MAX_EXPANDED_NODES) {
                        throw located(doc, event.getStartMark(), "in " + orTop(path()) + ": aliases expand this document to more than "
                                + MAX_EXPANDED_NODES + " nodes (an alias bomb, \"billion laughs\"?); sluice refuses to expand it");
                    }
                    Frame top = stack.peek();
                    if (top != null && top.mapping && top.expectKey) {
                        top.key = "*" + anchor;
                        top.expectKey = false;
                    } else {
                        completed();
                    }
                }
                case DocumentStart -> {
                    root = true;
                }
                default -> {
                }
            }
        }

        /** The field being read, such as {@code spec.template.spec.containers[0].image}; "" at the top. */
        private String path() {
            StringBuilder out = new StringBuilder();
            for (java.util.Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
                Frame f = it.next();
                if (!f.mapping) {
                    out.append('[').append(f.items).append(']');
                } else if (!f.expectKey && f.key != null) {
                    if (out.length() > 0) {
                        out.append('.');
                    }
                    out.append(printable(f.key));
                }
            }
            return out.toString();
        }

        /**
         * The field a syntax error is in. SnakeYAML scans ahead before it ends a block sequence, so a sequence with no
         * item in progress may still be open: unless the bad line starts a new item ({@code - }), the error is after it,
         * in the mapping that holds it (not in an item [n] that does not exist).
         */
        private String pathAt(Mark problem) {
            Frame top = stack.peek();
            if (top != null && !top.mapping && top.block && top.items > 0 && problem != null && !startsItem(problem.getLine())) {
                stack.pop();
                Frame holder = stack.peek();
                boolean valueRead = holder != null && holder.mapping && !holder.expectKey;
                if (valueRead) {
                    holder.expectKey = true;
                }
                try {
                    return path();
                } finally {
                    if (valueRead) {
                        holder.expectKey = false;
                    }
                    stack.push(top);
                }
            }
            return path();
        }

        private boolean startsItem(int line) {
            String text = doc.text().lines().skip(line).findFirst().orElse("").strip();
            return text.equals("-") || text.startsWith("- ") || text.startsWith("-\t");
        }

        private static String orTop(String path) {
            return path.isEmpty() ? "the top level" : path;
        }

        private static String abbreviated(String path) {
            return path.length() <= 60 ? orTop(path) : path.substring(0, 60) + "...";
        }

        private void keyCheckForCollection() {
            Frame top = stack.peek();
            if (top != null && top.mapping && top.expectKey) {
                // a complex key: not a Kubernetes shape, reported when the document is built
                top.key = null;
            }
        }

        private void completed() {
            Frame top = stack.peek();
            if (top == null) {
                return;
            }
            if (top.mapping) {
                top.expectKey = !top.expectKey;
            } else {
                top.items++;
            }
        }
    }
}
