package dev.sluice.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.stream.Document;
import dev.sluice.kube.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A workload as the plan sees it: a resource of the stream (a whole document, or one item of a {@code kind: List}) of a
 * kind a plan targets, read through {@link Resource}. Edits go through {@link #edit()} so that the document is marked as
 * touched.
 */
public record Workload(Resource resource) {

    public Document document() {
        return resource.document();
    }

    public ObjectNode object() {
        return resource.object();
    }

    public String kind() {
        return resource.kind();
    }

    public String name() {
        return resource.name();
    }

    /** Where its pod template spec is, e.g. spec.template.spec. */
    public String podSpecPath() {
        return resource.podSpecPath();
    }

    /** The pod spec for reading. */
    public JsonNode podSpec() {
        return resource.podSpec();
    }

    /** The pods' metadata (the pod template's labels and annotations) for reading. */
    public JsonNode podMetadata() {
        return resource.podMetadata();
    }

    /** The pod spec for editing; marks the document touched. */
    public ObjectNode editPodSpec() {
        edit();
        JsonNode spec = podSpec();
        if (!spec.isObject()) {
            throw new PlanException(describe() + ": " + podSpecPath() + " is missing or not a mapping");
        }
        return (ObjectNode) spec;
    }

    /** The pod template (its metadata and spec) for editing; marks the document touched. */
    public ObjectNode editPodTemplate() {
        editPodSpec();
        JsonNode template = kind().equals("CronJob") ? object().path("spec").path("jobTemplate").path("spec").path("template")
                : object().path("spec").path("template");
        return (ObjectNode) template;
    }

    /** Marks the document touched and returns the object for editing. */
    public ObjectNode edit() {
        document().edit();
        return object();
    }

    public JsonNode labels() {
        return resource.labels();
    }

    public JsonNode annotations() {
        return resource.annotations();
    }

    /** A Helm hook: Helm creates it in a hook phase (helm.sh/hook), not with the release. */
    public boolean hook() {
        return resource.hook().isPresent();
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
        return document().describe() + (document().kind().equals("List") ? " item " + kind() + "/" + name() : "");
    }

    /** The workloads of a document: itself, or the items of a List, of the kinds a plan targets. */
    public static List<Workload> in(Document doc) {
        return Resource.all(List.of(doc)).stream().filter(r -> PlanLoader.KINDS.contains(r.kind())).map(Workload::new).toList();
    }
}
