package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.Workload;
import dev.sluice.stream.Document;

import java.util.List;

/**
 * What the weave steps of one plan work on besides its {@link Weaving}: the stream as read, the documents generated so
 * far (every plan's, in order), the report, and the plan's hook layout among the chart's hooks.
 *
 * @param origin where its documents say they come from ("# Source:"), or null where Helm 4 writes that itself
 */
record Woven(List<Document> docs, List<Workload> workloads, List<Document> generated, String origin, Report report,
             HookWeights.Layout layout, HookSchedule schedule) {
    void add(ObjectNode object) {
        generated.add(Document.generated(object, origin));
    }

    void add(List<ObjectNode> objects) {
        objects.forEach(this::add);
    }

    /** With a comment above it, in the output itself. */
    void add(ObjectNode object, String comment) {
        generated.add(Document.generated(object, origin, comment));
    }
}
