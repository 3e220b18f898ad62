package dev.sluice.krm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamException;
import dev.sluice.stream.StreamReader;
import dev.sluice.stream.YamlTrees;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Unwraps a ResourceList (kyaml's ByteReader): its items become the documents a plain stream gives.
 * The list is parsed once, as one document; each item is a document holding its subtree of that parse
 * and its own text, cut out of the list's where the same parse found it ({@link ItemRegions}), so that what sluice does not change goes back to kpt with
 * its own quoting and flow style (kpt puts comments back itself, by resource id). Nothing reads an item
 * again, except one whose text might not mean the same alone (see {@link #mayReadOtherwise}).
 */
public final class ResourceListReader {
    static final Set<String> API_VERSIONS = Set.of("config.kubernetes.io/v1", "config.kubernetes.io/v1alpha1");

    private ResourceListReader() {
    }

    /**
     * The ResourceList a stream holds, if it is one: a single document whose kind is ResourceList.
     * Cheap for ordinary streams: only a lone document that mentions the word is parsed.
     */
    public static Optional<ResourceList> read(List<Document> docs) {
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
        if (only == null || !only.mentions(ResourceList.KIND)) {
            return Optional.empty();
        }
        ItemRegions regions = new ItemRegions();
        ObjectNode tree = only.tree(regions).orElseThrow();
        if (!ResourceList.KIND.equals(tree.path("kind").asText())) {
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
        String text = only.text();
        List<String> texts = itemTexts(text, trees, regions.in(text));
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
        JsonNode config = tree.path("functionConfig");
        return Optional.of(new ResourceList(apiVersion, StreamReader.split(stream.toString(), trees), prefixes,
                config.isObject() ? (ObjectNode) config : null));
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Each item's own text, out of the ResourceList's text: the lines from its "-" to the next one,
     * moved to column 0. An item whose text may read otherwise alone is read to check it; one whose
     * region cannot be used as it is (flow style, anchors shared between items) is written from its tree.
     */
    static List<String> itemTexts(String text, List<ObjectNode> trees, List<ItemRegions.Region> regions) {
        List<String> out = new ArrayList<>();
        boolean plain = plainLines(text);
        for (int i = 0; i < trees.size(); i++) {
            String own = null;
            if (regions != null && regions.size() == trees.size()) {
                ItemRegions.Region r = regions.get(i);
                own = dedent(text.substring(r.start(), r.end()), r.column());
                if ((!plain || !r.alone() || mayReadOtherwise(own)) && !readsAs(own, trees.get(i))) {
                    own = null;
                }
            }
            out.add(own != null ? own : YamlTrees.write(trees.get(i)));
        }
        return out;
    }

    /** Whether {@code text}, read alone, is one document holding {@code tree}: the check for an item that may not be. */
    private static boolean readsAs(String text, ObjectNode tree) {
        try {
            List<Document> parsed = StreamReader.split(text);
            return parsed.size() == 1 && parsed.get(0).tree().map(tree::equals).orElse(false);
        } catch (StreamException e) {
            return false;
        }
    }

    /**
     * Whether the text's lines end as {@link #dedent} reads them ("\n", "\r\n") and SnakeYAML's offsets,
     * which count code points, are the text's: no other line break YAML knows, no character beyond 16 bits.
     */
    static boolean plainLines(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' ? i + 1 == text.length() || text.charAt(i + 1) != '\n'
                    : c == '\u0085' || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an item's text, moved to column 0, may read otherwise alone than in the list: a line that
     * came to column 0 as a document marker or a directive (from inside a quoted scalar, or a key "---").
     * Otherwise moving every line of a block mapping by the same columns keeps its meaning: indentation
     * in YAML is relative, and the lines that had fewer blanks (comments, blank lines, a quoted scalar's
     * folded lines) read the same at column 0.
     */
    static boolean mayReadOtherwise(String text) {
        int at = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '%' || ((c == '-' || c == '.') && text.startsWith(String.valueOf(c).repeat(3), at)
                    && (at + 3 == text.length() || " \t\r\n".indexOf(text.charAt(at + 3)) >= 0))) {
                return true;
            }
            int eol = text.indexOf('\n', at);
            if (eol < 0) {
                break;
            }
            at = eol + 1;
        }
        return false;
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
