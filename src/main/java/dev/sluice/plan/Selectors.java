package dev.sluice.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Kubernetes label selectors: matchLabels AND matchExpressions. */
public final class Selectors {
    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private Selectors() {
    }

    /** The matchExpressions operators (read-only; for the JSON Schema). */
    public static Set<String> operators() {
        return OPERATORS;
    }

    static void check(MigrationPlan.Selector selector, String where) {
        boolean noLabels = selector.matchLabels() == null || selector.matchLabels().isEmpty();
        boolean noExpressions = selector.matchExpressions() == null || selector.matchExpressions().isEmpty();
        if (noLabels && noExpressions) {
            throw new PlanException(where + " is empty: it would select every workload; name the labels to match");
        }
        if (selector.matchExpressions() != null) {
            for (MigrationPlan.Requirement r : selector.matchExpressions()) {
                if (!OPERATORS.contains(r.operator())) {
                    throw new PlanException(where + ": operator '" + r.operator() + "' is not one of In, NotIn, Exists, DoesNotExist");
                }
                boolean needsValues = r.operator().equals("In") || r.operator().equals("NotIn");
                if (needsValues && (r.values() == null || r.values().isEmpty())) {
                    throw new PlanException(where + ": operator " + r.operator() + " on '" + r.key() + "' needs values");
                }
            }
        }
    }

    public static boolean matches(MigrationPlan.Selector selector, JsonNode labels) {
        if (selector.matchLabels() != null) {
            for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
                JsonNode v = labels.path(e.getKey());
                if (!v.isValueNode() || !v.asText().equals(e.getValue())) {
                    return false;
                }
            }
        }
        if (selector.matchExpressions() != null) {
            for (MigrationPlan.Requirement r : selector.matchExpressions()) {
                boolean has = labels.has(r.key());
                String value = labels.path(r.key()).asText();
                List<String> values = r.values() == null ? List.of() : r.values();
                boolean ok = switch (r.operator()) {
                    case "In" -> has && values.contains(value);
                    case "NotIn" -> !has || !values.contains(value);
                    case "Exists" -> has;
                    case "DoesNotExist" -> !has;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
