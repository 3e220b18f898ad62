package dev.sluice.krm;

import dev.sluice.stream.Document;
import dev.sluice.stream.StreamReader;

import java.util.List;
import java.util.Optional;

/**
 * What came in, unwrapped: the same documents whether they came as a plain stream (Helm, kubectl) or as
 * the items of a ResourceList (kpt, kustomize), and the ResourceList itself when that is how they came,
 * to wrap the answer in again. Nothing after the reader asks which it was, apart from the door that answers.
 */
public record Input(List<Document> documents, Optional<ResourceList> resourceList) {

    /** The documents of a stream of UTF-8 bytes, a ResourceList's items when it is one. */
    public static Input read(byte[] bytes) {
        List<Document> docs = StreamReader.read(bytes);
        Optional<ResourceList> list = ResourceListReader.read(docs);
        return new Input(list.map(ResourceList::items).orElse(docs), list);
    }
}
