package dev.sluice.plan;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Set;

/**
 * The plan records' JSON field names and required fields as their {@code @JsonProperty} annotations declare them,
 * known without reading the annotations: parsing an annotation at run time makes a proxy class for its type, ~14 ms
 * of a small chart's render. Jackson (which words every binding error) and the JSON Schema read the annotations;
 * {@code PlanFieldsTest} holds these tables to them, and to the only annotations {@link RecordBinder} understands.
 */
final class PlanFields {
    /** JSON names that are not the record component's: record, component, JSON name. */
    private static final Map<Class<?>, Map<String, String>> RENAMED = Map.of(
            MigrationPlan.Spec.class, Map.of("gate", "wait"));

    /** Components Jackson requires (by component name). */
    private static final Map<Class<?>, Set<String>> REQUIRED = Map.of(
            MigrationPlan.class, Set.of("apiVersion", "kind", "metadata", "spec"),
            MigrationPlan.Metadata.class, Set.of("name"),
            MigrationPlan.Spec.class, Set.of("migration"),
            MigrationPlan.Step.class, Set.of("name", "command"),
            MigrationPlan.Requirement.class, Set.of("key", "operator"),
            MigrationPlan.Adopt.class, Set.of("job"));

    private PlanFields() {
    }

    /** The name a field of {@code record} has in a plan. */
    static String jsonName(Class<?> record, RecordComponent component) {
        return RENAMED.getOrDefault(record, Map.of()).getOrDefault(component.getName(), component.getName());
    }

    static boolean required(Class<?> record, RecordComponent component) {
        return REQUIRED.getOrDefault(record, Set.of()).contains(component.getName());
    }
}
