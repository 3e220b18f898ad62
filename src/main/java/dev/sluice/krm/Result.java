package dev.sluice.krm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.ResourceRef;
import dev.sluice.kube.Severity;

/**
 * One entry of a ResourceList's {@code results}: what a KRM function tells kpt about the resources
 * (kpt prints them, and fails the pipeline on an error).
 *
 * @param ref   the resource it is about, or null
 * @param field the field path inside it ("spec.template.spec.initContainers"), or null
 * @param file  where kpt keeps the resource ({@code path}, {@code index}), or null
 */
public record Result(Severity severity, String message, ResourceRef ref, String field, FileRef file) {

    public record FileRef(String path, int index) {
        /** Where kpt keeps this object, or null when it carries no path annotation. */
        static FileRef of(JsonNode object) {
            String path = Paths.path(object);
            return path.isEmpty() ? null : new FileRef(path, Math.max(0, Paths.index(object)));
        }
    }

    /** The wire form (KRM function specification, results). */
    ObjectNode toTree() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        out.put("message", message);
        out.put("severity", severity.word());
        if (ref != null) {
            ObjectNode r = out.putObject("resourceRef");
            r.put("apiVersion", ref.apiVersion());
            r.put("kind", ref.kind());
            r.put("name", ref.name());
            if (!ref.namespace().isEmpty()) {
                r.put("namespace", ref.namespace());
            }
        }
        if (field != null) {
            out.putObject("field").put("path", field);
        }
        if (file != null) {
            out.putObject("file").put("path", file.path()).put("index", file.index());
        }
        return out;
    }
}
