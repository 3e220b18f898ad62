package dev.sluice.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.stream.Document;

/** Reading and writing one annotation of an object of the chart, which the downstream orders around sluice's. */
final class Annotations {
    private Annotations() {
    }

    static String of(Document d, String key) {
        JsonNode v = d.metadata().path("annotations").path(key);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    /** The object's annotations, made where it has none yet. */
    static ObjectNode edit(ObjectNode object) {
        ObjectNode metadata = object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
        return metadata.get("annotations") instanceof ObjectNode a ? a : metadata.putObject("annotations");
    }
}
