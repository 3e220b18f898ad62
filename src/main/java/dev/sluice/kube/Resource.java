package dev.sluice.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        return ResourceRef.of(object);
    }

    public boolean generatedBySluice() {
        return annotations().has(Keys.GENERATED);
    }

    /** The object's hook annotations as Helm reads them. */
    public Optional<Hook> hook() {
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

    /** Where this kind keeps its pods' metadata (the pod template's, a Pod's own), or null when it has no pods. */
    public String podMetadataPath() {
        String spec = podSpecPath();
        return spec == null ? null : spec.equals("spec") ? "metadata" : spec.substring(0, spec.length() - "spec".length()) + "metadata";
    }

    /** The pods' metadata (their labels and annotations), or a missing node. */
    public JsonNode podMetadata() {
        return at(podMetadataPath());
    }

    public JsonNode podSpec() {
        return at(podSpecPath());
    }

    private JsonNode at(String path) {
        if (path == null) {
            return MissingNode.getInstance();
        }
        JsonNode node = object;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** How findings and notes name this object: document N (source) [item I] Kind/name. */
    public String where() {
        return where(document.generated() ? 0 : document.index() + 1, document.source().orElse(null), item, ref());
    }

    /** document N (source) Kind/name, as sluice's errors name documents; {@code document} 0 for a generated one. */
    public static String where(int document, String source, int item, ResourceRef ref) {
        StringBuilder out = new StringBuilder(document > 0 ? "document " + document : "generated document");
        if (source != null) {
            out.append(" (").append(source).append(')');
        }
        out.append(item >= 0 ? " item " + item + " " : " ").append(ref.kindName());
        return out.toString();
    }
}
