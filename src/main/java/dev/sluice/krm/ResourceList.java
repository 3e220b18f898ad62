package dev.sluice.krm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.stream.Document;
import dev.sluice.stream.YamlTrees;

import java.util.List;
import java.util.Optional;

/**
 * The KRM function wire format (kpt, kustomize): one {@code ResourceList} document whose {@code items}
 * are the resources and whose {@code functionConfig} configures the function. {@link ResourceListReader}
 * unwraps it into documents of the usual model; this rewraps the documents sluice answers with (kyaml's
 * ByteWriter), keeping what the reader kept: each item's original text, the list's apiVersion, the
 * functionConfig, and the keys kpt places files with.
 */
public final class ResourceList {
    public static final String KIND = "ResourceList";

    private final String apiVersion;
    private final List<Document> items;
    private final List<String> prefixes;
    private final ObjectNode functionConfig;

    ResourceList(String apiVersion, List<Document> items, List<String> prefixes, ObjectNode functionConfig) {
        this.apiVersion = apiVersion;
        this.items = items;
        this.prefixes = prefixes;
        this.functionConfig = functionConfig;
    }

    /** The items, as the documents of a stream. */
    public List<Document> items() {
        return items;
    }

    /** The functionConfig, or empty when there is none. */
    public Optional<ObjectNode> functionConfig() {
        return Optional.ofNullable(functionConfig);
    }

    /**
     * The documents to answer with, every object sluice generated given a file and an index in the package,
     * with the keys the items came with ({@link Paths#place}).
     */
    public List<Document> place(List<Document> documents) {
        Paths.place(items, documents);
        return documents;
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
}
