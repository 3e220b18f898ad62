package dev.sluice.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.stream.Document;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A workload object in the stream: a whole document, or one item of a {@code kind: List}. Edits go
 * through {@link #edit()} so that the document is marked as touched.
 */
public record Workload(Document document, ObjectNode object, String kind, String name) {

    /** Where each kind keeps its pod template spec. */
    public static JsonNode podSpecOf(JsonNode object, String kind) {
        return switch (kind) {
            case "CronJob" -> object.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
            default -> object.path("spec").path("template").path("spec");
        };
    }

    public static String podSpecPath(String kind) {
        return kind.equals("CronJob") ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
    }

    /** The pod spec for reading. */
    public JsonNode podSpec() {
        return podSpecOf(object, kind);
    }

    /** The pod spec for editing; marks the document touched. */
    public ObjectNode editPodSpec() {
        edit();
        JsonNode spec = podSpecOf(object, kind);
        if (!spec.isObject()) {
            throw new PlanException(describe() + ": " + podSpecPath(kind) + " is missing or not a mapping");
        }
        return (ObjectNode) spec;
    }

    /** The pod template (its metadata and spec) for editing; marks the document touched. */
    public ObjectNode editPodTemplate() {
        editPodSpec();
        JsonNode template = kind.equals("CronJob") ? object.path("spec").path("jobTemplate").path("spec").path("template")
                : object.path("spec").path("template");
        return (ObjectNode) template;
    }

    /** Marks the document touched and returns the object for editing. */
    public ObjectNode edit() {
        document.edit();
        return object;
    }

    public JsonNode labels() {
        return object.path("metadata").path("labels");
    }

    public JsonNode annotations() {
        return object.path("metadata").path("annotations");
    }

    /** A Helm hook: Helm creates it in a hook phase (helm.sh/hook), not with the release. */
    public boolean hook() {
        return annotations().has(Keys.HOOK);
    }

    public List<String> containerNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode c : podSpec().path("containers")) {
            names.add(c.path("name").asText());
        }
        return names;
    }

    public Optional<ObjectNode> container(String containerName) {
        for (JsonNode c : podSpec().path("containers")) {
            if (c.path("name").asText().equals(containerName) && c.isObject()) {
                return Optional.of((ObjectNode) c);
            }
        }
        return Optional.empty();
    }

    public String serviceAccountName() {
        JsonNode spec = podSpec();
        String sa = spec.path("serviceAccountName").asText("");
        if (sa.isEmpty()) {
            sa = spec.path("serviceAccount").asText("");
        }
        return sa.isEmpty() ? "default" : sa;
    }

    public String describe() {
        return document.describe() + (document.kind().equals("List") ? " item " + kind + "/" + name : "");
    }

    /** The workload objects of a document: itself, or the items of a List. */
    public static List<Workload> in(Document doc) {
        List<Workload> out = new ArrayList<>();
        Optional<ObjectNode> tree = doc.tree();
        if (tree.isEmpty()) {
            return out;
        }
        ObjectNode root = tree.get();
        String kind = root.path("kind").asText("");
        if (kind.equals("List") || (kind.endsWith("List") && root.path("items").isArray())) {
            JsonNode items = root.path("items");
            if (items instanceof ArrayNode array) {
                for (JsonNode item : array) {
                    if (item.isObject() && PlanLoader.KINDS.contains(item.path("kind").asText())) {
                        out.add(new Workload(doc, (ObjectNode) item, item.path("kind").asText(),
                                item.path("metadata").path("name").asText("")));
                    }
                }
            }
        } else if (PlanLoader.KINDS.contains(kind)) {
            out.add(new Workload(doc, root, kind, root.path("metadata").path("name").asText("")));
        }
        return out;
    }
}
