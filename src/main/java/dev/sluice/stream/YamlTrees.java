package dev.sluice.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
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

    private static final YAMLMapper WRITER = YAMLMapper.builder(YAMLFactory.builder()
                    .stringQuotingChecker(new SafeQuoting())
                    .build())
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

    /** Kubernetes reads YAML 1.1 scalars, but timestamps as plain strings. */
    static final class KubernetesResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }

    private static Yaml yaml() {
        LoaderOptions options = loaderOptions();
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new KubernetesResolver());
    }

    /** Checks one document without building it: syntax, a mapping at the root, no duplicate keys, no alias bomb. */
    public static void validate(Document doc) {
        if (doc.empty()) {
            return;
        }
        new Validator(doc).run();
    }

    /** Parses one document of a stream into a tree; the document must hold exactly one mapping. */
    static ObjectNode parseDocument(String text, Document doc) {
        validate(doc);
        Object value;
        try {
            value = yaml().load(text);
        } catch (MarkedYAMLException e) {
            throw located(doc, e.getProblemMark(), e.getProblem());
        } catch (YAMLException e) {
            throw new StreamException(doc.describe() + ": " + e.getMessage());
        }
        if (!(value instanceof Map)) {
            throw notMapping(doc, value);
        }
        return (ObjectNode) toNode(value, doc);
    }

    /** Parses standalone YAML text (a plan file, a config) holding one or more mappings. */
    public static List<ObjectNode> parseAll(String text, String what) {
        Document doc = Document.read(0, text, "", false);
        List<ObjectNode> out = new java.util.ArrayList<>();
        for (Document part : StreamReader.split(text)) {
            part.tree().ifPresent(out::add);
        }
        if (doc.text().isBlank()) {
            return out;
        }
        return out;
    }

    private static StreamException notMapping(Document doc, Object value) {
        String what = value == null ? "null" : value instanceof List ? "a list" : "a scalar";
        return new StreamException(doc.describe() + ": the document is " + what
                + ", not a mapping; every document of a Kubernetes stream must be one object (apiVersion, kind, metadata...)");
    }

    static StreamException located(Document doc, Mark mark, String problem) {
        String where = mark == null ? "" : ", line " + (doc.firstLine() + mark.getLine()) + " column " + (mark.getColumn() + 1);
        return new StreamException(doc.describe() + where + ": " + cleanProblem(problem));
    }

    private static String cleanProblem(String problem) {
        if (problem == null) {
            return "invalid YAML";
        }
        String p = problem.replace("\n", " ").trim();
        if (p.contains("'\\t'") || p.contains("\\t(TAB)")) {
            return p + " (YAML does not allow tabs for indentation; use spaces)";
        }
        return p;
    }

    static JsonNode toNode(Object value, Document doc) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = f.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                node.set(keyText(e.getKey(), doc), toNode(e.getValue(), doc));
            }
            return node;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode node = f.arrayNode();
            for (Object item : list) {
                node.add(toNode(item, doc));
            }
            return node;
        }
        if (value instanceof String s) {
            return f.textNode(s);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof BigInteger b) {
            return f.numberNode(b);
        }
        if (value instanceof Double d) {
            return f.numberNode(d);
        }
        if (value instanceof byte[] bytes) {
            return f.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Date d) {
            return f.textNode(d.toInstant().toString());
        }
        return f.textNode(String.valueOf(value));
    }

    private static String keyText(Object key, Document doc) {
        if (key instanceof String s) {
            return s;
        }
        if (key == null) {
            return "null";
        }
        if (key instanceof Map || key instanceof Collection) {
            throw new StreamException(doc.describe() + ": a mapping key is itself a collection; Kubernetes objects need string keys");
        }
        return String.valueOf(key);
    }

    /** Writes a tree as block YAML (no document marker), strings quoted wherever a reader could mistype them. */
    public static String write(JsonNode tree) {
        try {
            return WRITER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a tree: " + e.getOriginalMessage(), e);
        }
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
            boolean expectKey = true;
            Set<String> keys;

            Frame(boolean mapping, String anchor, long startSize) {
                this.mapping = mapping;
                this.anchor = anchor;
                this.startSize = startSize;
            }
        }

        void run() {
            boolean root = true;
            try {
                for (Event event : new Yaml(loaderOptions()).parse(new StringReader(doc.text()))) {
                    switch (event.getEventId()) {
                        case MappingStart, SequenceStart -> {
                            if (root && event.getEventId() == Event.ID.SequenceStart) {
                                throw notMapping(doc, List.of());
                            }
                            root = false;
                            if (stack.size() >= MAX_DEPTH) {
                                throw located(doc, event.getStartMark(), "nesting deeper than " + MAX_DEPTH + " levels");
                            }
                            expanded++;
                            keyCheckForCollection();
                            stack.push(new Frame(event.getEventId() == Event.ID.MappingStart,
                                    ((CollectionStartEvent) event).getAnchor(), expanded));
                        }
                        case MappingEnd, SequenceEnd -> {
                            Frame frame = stack.pop();
                            if (frame.anchor != null) {
                                anchorSizes.put(frame.anchor, expanded - frame.startSize + 1);
                            }
                            completed();
                        }
                        case Scalar -> {
                            if (root) {
                                ScalarEvent s = (ScalarEvent) event;
                                throw notMapping(doc, s.getValue().isEmpty() && s.getImplicit().canOmitTagInPlainScalar() ? null : "");
                            }
                            expanded++;
                            ScalarEvent s = (ScalarEvent) event;
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
                                        throw located(doc, event.getStartMark(), "duplicate key '" + key
                                                + "' (a YAML reader would silently keep only one of them)");
                                    }
                                }
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
                                throw located(doc, event.getStartMark(), "alias *" + anchor + " refers to no anchor");
                            }
                            expanded += size;
                            if (expanded > MAX_EXPANDED_NODES) {
                                throw located(doc, event.getStartMark(), "aliases expand this document to more than "
                                        + MAX_EXPANDED_NODES + " nodes (an alias bomb?); refusing to expand it");
                            }
                            Frame top = stack.peek();
                            if (top != null && top.mapping && top.expectKey) {
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
            } catch (MarkedYAMLException e) {
                throw located(doc, e.getProblemMark(), e.getProblem());
            } catch (YAMLException e) {
                throw new StreamException(doc.describe() + ": " + e.getMessage());
            }
        }

        private void keyCheckForCollection() {
            Frame top = stack.peek();
            if (top != null && top.mapping && top.expectKey) {
                // a complex key: not a Kubernetes shape, reported when the document is built
                top.expectKey = true;
            }
        }

        private void completed() {
            Frame top = stack.peek();
            if (top != null && top.mapping) {
                top.expectKey = !top.expectKey;
            }
        }
    }
}
