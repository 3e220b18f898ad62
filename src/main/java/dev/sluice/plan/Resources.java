package dev.sluice.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** A container's {@code resources} from a plan, checked as the API server checks a pod's: quantities, requests within limits. */
final class Resources {
    private static final Set<String> FIELDS = Set.of("limits", "requests", "claims");

    private Resources() {
    }

    static void check(JsonNode resources, String where) {
        if (!resources.isObject()) {
            throw new PlanException(where + " must be a mapping with limits and/or requests, such as {requests: {cpu: 100m, memory: 256Mi}}");
        }
        for (Iterator<String> it = resources.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new PlanException(where + ": unknown field " + field + Suggest.closest(field, FIELDS)
                        .map(s -> "; did you mean '" + s + "'?").orElse("") + " (known here: claims, limits, requests)");
            }
        }
        Map<String, BigDecimal> limits = quantities(resources.path("limits"), where + ".limits");
        Map<String, BigDecimal> requests = quantities(resources.path("requests"), where + ".requests");
        requests.forEach((name, request) -> {
            BigDecimal limit = limits.get(name);
            if (limit != null && request.compareTo(limit) > 0) {
                throw new PlanException(where + ".requests." + name + " (" + text(resources.path("requests").path(name))
                        + ") is above its limit (" + text(resources.path("limits").path(name)) + "): the API server refuses such a pod");
            }
        });
    }

    private static Map<String, BigDecimal> quantities(JsonNode list, String where) {
        Map<String, BigDecimal> out = new java.util.LinkedHashMap<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isObject()) {
            throw new PlanException(where + " must be a mapping of resource name to quantity, such as {cpu: 100m, memory: 256Mi}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            BigDecimal quantity = value.isTextual() || value.isNumber()
                    ? Quantity.parse(text(value)).orElse(null) : null;
            if (quantity == null) {
                throw new PlanException(where + "." + e.getKey() + ": " + (value.isTextual() ? "'" + value.asText() + "'" : value.toString())
                        + " is not a Kubernetes quantity: a number with an optional suffix, such as 100m, 0.5, 256Mi, 1Gi or 1e3");
            }
            if (quantity.signum() < 0) {
                throw new PlanException(where + "." + e.getKey() + ": " + text(value) + " must not be negative");
            }
            out.put(e.getKey(), quantity);
        }
        return out;
    }

    /** A quantity as written (kubectl reads an unquoted number as the same quantity). */
    private static String text(JsonNode value) {
        return value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText();
    }
}
