package dev.sluice.check;

import dev.sluice.kube.Resource;
import dev.sluice.kube.ResourceRef;
import dev.sluice.kube.Severity;

/**
 * One thing {@code sluice check} found.
 *
 * @param rule     the rule's id, e.g. SLU001
 * @param severity error (fails CI), warning (fails with --strict) or info
 * @param message  what is wrong, in one sentence
 * @param fix      what to do about it
 * @param resource the object it is about
 * @param field    the field path in that object, e.g. spec.strategy.rollingUpdate
 * @param document the document's position in the stream, from 1 (0 when unknown)
 * @param source   the file Helm rendered it from ({@code # Source:}), or null
 * @param item     for an item of a {@code kind: List}, its index; else -1
 */
public record Finding(String rule, Severity severity, String message, String fix, ResourceRef resource, String field,
                      int document, String source, int item) {

    /** A finding about {@code r}, placed where it is in the stream. */
    static Finding about(Resource r, String rule, Severity severity, String field, String message, String fix) {
        return new Finding(rule, severity, message, fix, r.ref(), field,
                r.document().generated() ? 0 : r.document().index() + 1, r.document().source().orElse(null), r.item());
    }

    /** The one-line form {@code sluice check} prints. */
    public String line() {
        StringBuilder out = new StringBuilder();
        out.append(rule).append(' ').append(severity.word()).append(": ").append(where());
        if (!field.isEmpty()) {
            out.append(' ').append(field);
        }
        out.append(": ").append(message);
        if (!fix.isEmpty()) {
            out.append("; ").append(fix);
        }
        return out.toString();
    }

    /** document N (source) Kind/name, as sluice's errors name documents. */
    public String where() {
        return Resource.where(document, source, item, resource);
    }
}
