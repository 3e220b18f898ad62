package dev.sluice.kube;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How Helm reads an object's hook annotations (Helm's releaseutil manifest sorter): events split on
 * commas, trimmed and lower-cased; the weight is Go's {@code strconv.Atoi} of the annotation into a
 * 64-bit int, and anything Atoi refuses (" 5", "1.5", "high", "1_000", out of range) counts as 0;
 * hooks of one event run in ascending weight, ties broken by metadata.name, then by kind in Helm's
 * install order (Helm 4's stable sort of hooks pre-sorted by kind). This is the one reader of hook
 * annotations: the weave, {@code sluice check} and {@code sluice plan} all use it.
 *
 * @param written the helm.sh/hook annotation as the chart wrote it, for messages that quote it
 */
public record Hook(List<String> events, List<String> unknownEvents, long weight, JsonNode rawWeight,
                   List<String> deletePolicies, List<String> unknownDeletePolicies, String written) {
    /** The hook names Helm knows (https://helm.sh/docs/topics/charts_hooks/); test-success is Helm 2's name for test. */
    public static final List<String> EVENTS = List.of("pre-install", "post-install", "pre-delete", "post-delete",
                "pre-upgrade", "post-upgrade", "pre-rollback", "post-rollback", "test");
    static final Set<String> LEGACY_EVENTS = Set.of("test-success");
    public static final List<String> DELETE_POLICIES = List.of("before-hook-creation", "hook-succeeded", "hook-failed");

    /** Helm's install order of kinds (releaseutil.InstallOrder); other kinds come after, alphabetically. */
    public static final List<String> INSTALL_ORDER = List.of("PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota",
            "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap",
            "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
            "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding",
            "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
            "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

    /** Helm's run order within one event: weight, then name, then kind (install order). */
    public static final Comparator<Named> ORDER = Comparator.comparingLong((Named n) -> n.hook().weight())
            .thenComparing(Named::name).thenComparingInt(n -> installRank(n.kind())).thenComparing(Named::kind);

    /** A hook with the name and kind Helm sorts it by. */
    public record Named(Hook hook, String name, String kind) {
    }

    /** A kind's place in Helm's install order; unknown kinds after every known one. */
    public static int installRank(String kind) {
        int i = INSTALL_ORDER.indexOf(kind);
        return i < 0 ? INSTALL_ORDER.size() : i;
    }

    /** The object's hook, or empty when it carries no helm.sh/hook annotation. */
    public static Optional<Hook> of(JsonNode object) {
        JsonNode annotations = object.path("metadata").path("annotations");
        if (!annotations.has(Keys.HOOK)) {
            return Optional.empty();
        }
        List<String> events = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        String written = annotations.path(Keys.HOOK).asText("");
        for (String e : written.split(",")) {
            String event = e.trim().toLowerCase(Locale.ROOT);
            if (EVENTS.contains(event)) {
                events.add(event);
            } else if (LEGACY_EVENTS.contains(event)) {
                events.add("test");
            } else {
                unknown.add(e.trim());
            }
        }
        JsonNode raw = annotations.path(Keys.HOOK_WEIGHT);
        long weight = raw.isTextual() ? atoi(raw.asText()).orElse(0L) : 0;
        List<String> policies = new ArrayList<>();
        List<String> unknownPolicies = new ArrayList<>();
        if (annotations.has(Keys.HOOK_DELETE_POLICY)) {
            for (String p : annotations.path(Keys.HOOK_DELETE_POLICY).asText("").split(",")) {
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
                List.copyOf(policies), List.copyOf(unknownPolicies), written));
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
        return rawWeight.isMissingNode() || rawWeight.isTextual() && atoi(rawWeight.asText()).isPresent();
    }

    /**
     * Go's {@code strconv.Atoi} on a 64-bit platform: an optional sign and ASCII digits, nothing else (no
     * spaces, underscores or other digits), within a signed 64-bit range; empty when Atoi returns an error.
     */
    public static Optional<Long> atoi(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        if (text.length() == start) {
            return Optional.empty();
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException outOfRange) {
            return Optional.empty();
        }
    }
}
