package dev.sluice.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.check.Finding;
import dev.sluice.check.Rule;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.List;

/** One object of the stream: a whole document, or one item of a {@code kind: List}. */
public record Resource(Document document, int item, ObjectNode object) {

    /** Every object of the stream, in order; empty documents hold none. */
    public static List<Resource> all(List<Document> docs) {
        List<Resource> out = new ArrayList<>();
        for (Document doc : docs) {
            if (doc.empty()) {
                continue;
            }
            ObjectNode root = doc.tree().orElseThrow();
            String kind = root.path("kind").asText("");
            if (kind.endsWith("List") && root.path("items").isArray()) {
                JsonNode items = root.path("items");
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i) instanceof ObjectNode item) {
                        out.add(new Resource(doc, i, item));
                    }
                }
            } else {
                out.add(new Resource(doc, -1, root));
            }
        }
        return out;
    }

    public String kind() {
        return object.path("kind").asText("");
    }

    public String name() {
        return object.path("metadata").path("name").asText("");
    }

    public String namespace() {
        return object.path("metadata").path("namespace").asText("");
    }

    public JsonNode annotations() {
        return object.path("metadata").path("annotations");
    }

    public JsonNode labels() {
        return object.path("metadata").path("labels");
    }

    public ResourceRef ref() {
        return new ResourceRef(object.path("apiVersion").asText(""), kind(), name(), namespace());
    }

    public boolean generatedBySluice() {
        return annotations().has(Keys.GENERATED);
    }

    /** The object's hook annotations as Helm reads them. */
    public java.util.Optional<Hook> hook() {
        return Hook.of(object);
    }

    /** Where this kind keeps its pod spec, or null when it has none. */
    public String podSpecPath() {
        return switch (kind()) {
            case "Pod" -> "spec";
            case "CronJob" -> "spec.jobTemplate.spec.template.spec";
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController" -> "spec.template.spec";
            default -> null;
        };
    }

    /** The pod template's metadata (annotations of the pods), or a missing node. */
    public JsonNode podMetadata() {
        return switch (kind()) {
            case "Pod" -> object.path("metadata");
            case "CronJob" -> object.path("spec").path("jobTemplate").path("spec").path("template").path("metadata");
            default -> podSpecPath() == null ? MissingNode.getInstance() : object.path("spec").path("template").path("metadata");
        };
    }

    public JsonNode podSpec() {
        String path = podSpecPath();
        if (path == null) {
            return MissingNode.getInstance();
        }
        JsonNode node = object;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** How findings name this object: document N (source) Kind/name. */
    public String where() {
        return finding("", Severity.INFO, "", "", "").where();
    }

    public Finding finding(Rule rule, String field, String message, String fix) {
        return finding(rule, rule.severity(), field, message, fix);
    }

    public Finding finding(Rule rule, Severity severity, String field, String message, String fix) {
        return finding(rule.id(), severity, field, message, fix);
    }

    Finding finding(String rule, Severity severity, String field, String message, String fix) {
        return new Finding(rule, severity, message, fix, ref(), field,
                document.generated() ? 0 : document.index() + 1, document.source().orElse(null), item);
    }
}
