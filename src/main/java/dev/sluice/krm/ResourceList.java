package dev.sluice.krm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamException;
import dev.sluice.stream.StreamReader;
import dev.sluice.stream.YamlTrees;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The KRM function wire format (kpt, kustomize): one {@code ResourceList} document whose {@code items}
 * are the resources and whose {@code functionConfig} configures the function. Items become documents
 * of the usual model, each keeping its original text, so that what sluice does not change goes back
 * to kpt with its own quoting and flow style (kpt puts comments back itself, by resource id).
 */
public final class ResourceList {
    public static final String KIND = "ResourceList";
    static final Set<String> API_VERSIONS = Set.of("config.kubernetes.io/v1", "config.kubernetes.io/v1alpha1");

    private final String apiVersion;
    private final List<Document> items;
    private final List<String> prefixes;
    private final ObjectNode functionConfig;

    private ResourceList(String apiVersion, List<Document> items, List<String> prefixes, ObjectNode functionConfig) {
        this.apiVersion = apiVersion;
        this.items = items;
        this.prefixes = prefixes;
        this.functionConfig = functionConfig;
    }

    /**
     * The ResourceList a stream holds, if it is one: a single document whose kind is ResourceList.
     * Cheap for ordinary streams: only a lone document that mentions the word is parsed.
     */
    public static Optional<ResourceList> of(List<Document> docs) {
        Document only = null;
        for (Document d : docs) {
            if (d.empty()) {
                continue;
            }
            if (only != null) {
                return Optional.empty();
            }
            only = d;
        }
        if (only == null || !only.mentions(KIND)) {
            return Optional.empty();
        }
        ObjectNode tree = only.tree().orElseThrow();
        if (!KIND.equals(tree.path("kind").asText())) {
            return Optional.empty();
        }
        String apiVersion = tree.path("apiVersion").asText("");
        if (!API_VERSIONS.contains(apiVersion)) {
            throw new StreamException("a ResourceList of apiVersion '" + apiVersion + "': sluice reads the KRM function"
                    + " format config.kubernetes.io/v1");
        }
        JsonNode items = tree.path("items");
        if (!items.isMissingNode() && !items.isNull() && !items.isArray()) {
            throw new StreamException("ResourceList: items must be a list of resources");
        }
        List<ObjectNode> trees = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isObject()) {
                throw new StreamException("ResourceList: items[" + i + "] is not a mapping; every item must be a Kubernetes object");
            }
            trees.add((ObjectNode) items.get(i));
        }
        List<String> texts = itemTexts(only.text(), trees);
        StringBuilder stream = new StringBuilder();
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < trees.size(); i++) {
            String path = Paths.path(trees.get(i));
            String prefix = "---\n" + (path.isEmpty() ? "" : "# Source: " + oneLine(path) + "\n");
            prefixes.add(prefix);
            stream.append(prefix).append(texts.get(i));
            if (!texts.get(i).endsWith("\n")) {
                stream.append('\n');
            }
        }
        List<Document> docs2 = StreamReader.split(stream.toString());
        if (docs2.size() != trees.size()) {
            throw new IllegalStateException("ResourceList: " + trees.size() + " items became " + docs2.size() + " documents");
        }
        JsonNode config = tree.path("functionConfig");
        return Optional.of(new ResourceList(apiVersion, docs2, prefixes, config.isObject() ? (ObjectNode) config : null));
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    public List<Document> items() {
        return items;
    }

    /** The functionConfig, or empty when there is none. */
    public Optional<ObjectNode> functionConfig() {
        return Optional.ofNullable(functionConfig);
    }

    /**
     * The output ResourceList: documents sluice did not change keep the text they came with, the others
     * are written from their trees; the functionConfig and the results follow the items.
     */
    public String write(List<Document> documents, ArrayNode results) {
        StringBuilder out = new StringBuilder();
        ObjectNode head = JsonNodeFactory.instance.objectNode();
        head.put("apiVersion", apiVersion);
        head.put("kind", KIND);
        out.append(YamlTrees.write(head));
        List<Document> present = documents.stream().filter(d -> !d.empty()).toList();
        if (present.isEmpty()) {
            out.append("items: []\n");
        } else {
            out.append("items:\n");
        }
        for (Document doc : present) {
            String text = doc.changed() || doc.index() < 0 ? YamlTrees.write(doc.tree().orElseThrow()) : original(doc);
            entry(out, text);
        }
        ObjectNode tail = JsonNodeFactory.instance.objectNode();
        if (functionConfig != null) {
            // echoed, as kyaml's function framework does: the output is a complete input again, read as this one was
            tail.set("functionConfig", YamlTrees.keepingWrittenScalars(functionConfig));
        }
        if (!results.isEmpty()) {
            tail.set("results", results);
        }
        if (!tail.isEmpty()) {
            out.append(YamlTrees.write(tail));
        }
        return out.toString();
    }

    /** The same ResourceList with the items unchanged and these results: the answer on an error. */
    public String unchanged(ArrayNode results) {
        return write(items, results);
    }

    private String original(Document doc) {
        String text = doc.text();
        String prefix = prefixes.get(doc.index());
        return text.startsWith(prefix) ? text.substring(prefix.length()) : YamlTrees.write(doc.tree().orElseThrow());
    }

    /** One sequence entry: "- " before the first line, two spaces before the others (blank lines stay blank). */
    static void entry(StringBuilder out, String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        boolean first = true;
        for (String line : body.split("\n", -1)) {
            out.append(first ? "- " : line.isEmpty() ? "" : "  ").append(line).append('\n');
            first = false;
        }
    }

    /**
     * Each item's own text, out of the ResourceList's text: the lines from its "-" to the next one,
     * moved to column 0. An item whose region cannot be used as it is (flow style, anchors shared
     * between items) is written from its tree instead; the check is that the text parses to the same tree.
     */
    static List<String> itemTexts(String text, List<ObjectNode> trees) {
        List<String> out = new ArrayList<>();
        List<int[]> regions = regions(text);
        for (int i = 0; i < trees.size(); i++) {
            String own = null;
            if (regions != null && regions.size() == trees.size()) {
                int[] r = regions.get(i);
                own = dedent(text.substring(r[0], r[1]), r[2]);
                try {
                    List<Document> parsed = StreamReader.split(own);
                    if (parsed.size() != 1 || !parsed.get(0).tree().map(trees.get(i)::equals).orElse(false)) {
                        own = null;
                    }
                } catch (StreamException e) {
                    own = null;
                }
            }
            out.add(own != null ? own : YamlTrees.write(trees.get(i)));
        }
        return out;
    }

    /**
     * [start, end, content column] of each item of a block-style top-level items list, null if there is
     * none. An item runs from the line of its "-" to the line of the next one (SnakeYAML's end marks can
     * fall after the next "-", so the dashes are found in the text).
     */
    static List<int[]> regions(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setProcessComments(false);
        Parser parser = new ParserImpl(new org.yaml.snakeyaml.reader.StreamReader(text), options);
        try {
            Event e;
            do {
                e = parser.getEvent();
            } while (!(e instanceof MappingStartEvent) && parser.peekEvent() != null);
            if (!(e instanceof MappingStartEvent top) || top.isFlow()) {
                return null;
            }
            while (parser.peekEvent() instanceof ScalarEvent key) {
                parser.getEvent();
                if (!key.getValue().equals("items")) {
                    skip(parser);
                    continue;
                }
                if (!(parser.peekEvent() instanceof SequenceStartEvent seq) || seq.isFlow()) {
                    return null;
                }
                parser.getEvent();
                List<int[]> starts = new ArrayList<>();
                while (!(parser.peekEvent() instanceof CollectionEndEvent)) {
                    Event item = parser.peekEvent();
                    if (!(item instanceof MappingStartEvent m) || m.isFlow()) {
                        return null;
                    }
                    int dash = dashLine(text, item.getStartMark().getIndex());
                    if (dash < 0) {
                        return null;
                    }
                    starts.add(new int[]{dash, item.getStartMark().getColumn()});
                    skip(parser);
                }
                int end = parser.peekEvent().getStartMark().getIndex();
                if (end < text.length() && text.substring(lineStart(text, end), end).isBlank()) {
                    end = lineStart(text, end);
                }
                List<int[]> regions = new ArrayList<>();
                for (int i = 0; i < starts.size(); i++) {
                    int to = i + 1 < starts.size() ? starts.get(i + 1)[0] : end;
                    regions.add(new int[]{starts.get(i)[0], to, starts.get(i)[1]});
                }
                return regions;
            }
            return null;
        } catch (YAMLException e) {
            return null;
        }
    }

    private static int lineStart(String text, int at) {
        return text.lastIndexOf('\n', at - 1) + 1;
    }

    /** The start of the line holding the "-" an item's content (at {@code at}) follows; -1 if not found. */
    static int dashLine(String text, int at) {
        int line = lineStart(text, at);
        String before = text.substring(line, at);
        if (before.strip().startsWith("-")) {
            return line;
        }
        if (!before.isBlank()) {
            return -1;
        }
        while (line > 0) {
            line = lineStart(text, line - 1);
            int eol = text.indexOf('\n', line);
            String l = text.substring(line, eol < 0 ? text.length() : eol).strip();
            if (l.equals("-") || l.startsWith("- ") || l.startsWith("-#") || l.startsWith("-\t")) {
                return line;
            }
            if (!l.isEmpty() && !l.startsWith("#")) {
                return -1;
            }
        }
        return -1;
    }

    /** Consumes one node (a scalar, alias, or a whole collection). */
    private static void skip(Parser parser) {
        Event e = parser.getEvent();
        if (!(e instanceof CollectionStartEvent)) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            Event next = parser.getEvent();
            if (next instanceof CollectionStartEvent) {
                depth++;
            } else if (next instanceof CollectionEndEvent) {
                depth--;
            }
        }
    }

    /** An item's region ("- key: ..." and its indented lines) as a document at column 0. */
    static String dedent(String region, int column) {
        String[] lines = region.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i == 0) {
                String stripped = line.stripLeading();
                String rest = stripped.startsWith("-") ? stripped.substring(1) : stripped;
                if (rest.isBlank()) {
                    continue;
                }
                line = rest.stripLeading().startsWith("#") ? rest.stripLeading() : " ".repeat(column) + rest.stripLeading();
            }
            int strip = 0;
            while (strip < column && strip < line.length() && line.charAt(strip) == ' ') {
                strip++;
            }
            out.append(line, strip, line.length());
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }
}
