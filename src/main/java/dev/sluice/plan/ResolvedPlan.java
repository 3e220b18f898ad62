package dev.sluice.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * A plan bound to the stream: its target workloads, the container the migration inherits from,
 * and the container each step inherits from (by step name).
 */
public record ResolvedPlan(MigrationPlan plan, List<Workload> targets, Source migration, Map<String, Source> steps) {
    /** A workload and one of its containers: what a Job sluice makes inherits from. */
    public record Source(Workload workload, ObjectNode container) {
    }

    public String name() {
        return plan.name();
    }

    public Workload source() {
        return migration.workload();
    }
}
