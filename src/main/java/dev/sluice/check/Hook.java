package dev.sluice.check;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How Helm reads an object's hook annotations (Helm's releaseutil manifest sorter): events split on
 * commas, trimmed and lower-cased; a weight that is not an integer string counts as 0; hooks of one
 * event run in ascending weight, ties broken by metadata.name.
 */
public record Hook(List<String> events, List<String> unknownEvents, int weight, JsonNode rawWeight,
                   List<String> deletePolicies, List<String> unknownDeletePolicies) {
    public static final String ANNOTATION = "helm.sh/hook";
    public static final String WEIGHT = "helm.sh/hook-weight";
    public static final String DELETE_POLICY = "helm.sh/hook-delete-policy";
    /** The hook names Helm knows (https://helm.sh/docs/topics/charts_hooks/); test-success is Helm 2's name for test. */
    public static final List<String> EVENTS = List.of("pre-install", "post-install", "pre-delete", "post-delete",
                "pre-upgrade", "post-upgrade", "pre-rollback", "post-rollback", "test");
    static final Set<String> LEGACY_EVENTS = Set.of("test-success");
    public static final List<String> DELETE_POLICIES = List.of("before-hook-creation", "hook-succeeded", "hook-failed");

    /** Helm's run order within one event. */
    public static final Comparator<Named> ORDER = Comparator.comparingInt((Named n) -> n.hook().weight()).thenComparing(Named::name);

    /** A hook with the name Helm sorts it by. */
    public record Named(Hook hook, String name) {
    }

    /** The object's hook, or empty when it carries no helm.sh/hook annotation. */
    public static Optional<Hook> of(JsonNode object) {
        JsonNode annotations = object.path("metadata").path("annotations");
        if (!annotations.has(ANNOTATION)) {
            return Optional.empty();
        }
        List<String> events = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String e : annotations.path(ANNOTATION).asText("").split(",")) {
            String event = e.trim().toLowerCase(Locale.ROOT);
            if (EVENTS.contains(event)) {
                events.add(event);
            } else if (LEGACY_EVENTS.contains(event)) {
                events.add("test");
            } else {
                unknown.add(e.trim());
            }
        }
        JsonNode raw = annotations.path(WEIGHT);
        int weight = 0;
        if (raw.isTextual()) {
            try {
                weight = Integer.parseInt(raw.asText());
            } catch (NumberFormatException ignored) {
                // Helm: strconv.Atoi failed, weight 0
            }
        }
        List<String> policies = new ArrayList<>();
        List<String> unknownPolicies = new ArrayList<>();
        if (annotations.has(DELETE_POLICY)) {
            for (String p : annotations.path(DELETE_POLICY).asText("").split(",")) {
                String policy = p.trim().toLowerCase(Locale.ROOT);
                if (DELETE_POLICIES.contains(policy)) {
                    policies.add(policy);
                } else {
                    unknownPolicies.add(p.trim());
                }
            }
        } else {
            policies.add("before-hook-creation");
        }
        return Optional.of(new Hook(List.copyOf(events), List.copyOf(unknown), weight, raw,
                List.copyOf(policies), List.copyOf(unknownPolicies)));
    }

    /** Helm 4 skips a hook with any unknown event name altogether; Helm 3 drops the unknown names. */
    public boolean skippedByHelm() {
        return !unknownEvents.isEmpty();
    }

    public boolean runsOn(String event) {
        return events.contains(event);
    }

    /** True when the weight annotation is absent (weight 0) or a string holding an integer, as Helm wants it. */
    public boolean weightValid() {
        if (rawWeight.isMissingNode()) {
            return true;
        }
        if (!rawWeight.isTextual()) {
            return false;
        }
        try {
            Integer.parseInt(rawWeight.asText());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
