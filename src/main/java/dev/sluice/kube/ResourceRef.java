package dev.sluice.kube;

import com.fasterxml.jackson.databind.JsonNode;

/** An object by identity, as KRM's {@code resourceRef} names it: what a finding or a result is about. */
public record ResourceRef(String apiVersion, String kind, String name, String namespace) {
    /** The object's identity; an absent field is empty. */
    public static ResourceRef of(JsonNode object) {
        JsonNode meta = object.path("metadata");
        return new ResourceRef(object.path("apiVersion").asText(""), object.path("kind").asText(""),
                meta.path("name").asText(""), meta.path("namespace").asText(""));
    }

    public String kindName() {
        return (kind.isEmpty() ? "?" : kind) + "/" + (name.isEmpty() ? "?" : name);
    }
}
