package dev.sluice.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** A plan bound to the stream: its target workloads and the container the migration inherits from. */
public record ResolvedPlan(MigrationPlan plan, List<Workload> targets, Workload source, ObjectNode sourceContainer) {
    public String name() {
        return plan.name();
    }
}
