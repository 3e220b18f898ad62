package dev.sluice.weave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Gate;
import dev.sluice.plan.PlanException;
import dev.sluice.plan.Suggest;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of the source pod's init containers a migration pod takes, in source order: by default the
 * native sidecars ({@code restartPolicy: Always}: a database proxy serving the DSN on 127.0.0.1) and
 * those that write a volume the migration (or a container kept for it) mounts, such as Bitnami's
 * {@code prepare-base-dir}; never one that waits for a migration (sluice's gate, a chart's own
 * {@code kubectl wait ... job}), which would wait for itself.
 */
record InitContainers(List<ObjectNode> kept, List<String> keptWhy, List<String> dropped, List<String> droppedWhy) {

    /**
     * @param mounted the volumes the migration container mounts
     * @param named   the plan's choice (spec.migration.pod.initContainers), or null for the default rule
     * @param where   the workload, for messages
     */
    static InitContainers choose(JsonNode sourcePod, Set<String> mounted, List<String> named, String plan, String where) {
        List<JsonNode> all = new ArrayList<>();
        sourcePod.path("initContainers").forEach(all::add);
        if (named != null) {
            List<String> names = all.stream().map(c -> c.path("name").asText()).filter(n -> !n.equals(Keys.GATE_CONTAINER)).toList();
            for (int i = 0; i < named.size(); i++) {
                String name = named.get(i);
                String field = "spec.migration.pod.initContainers[" + i + "]";
                if (!names.contains(name)) {
                    throw new PlanException("plan " + plan + ": " + field + " '" + name + "' is not an init container of " + where
                            + (names.isEmpty() ? "; it has none: use [] or leave the field out"
                            : "; its init containers: " + String.join(", ", names)
                            + Suggest.closest(name, names).map(s -> "; did you mean '" + s + "'?").orElse("")));
                }
                JsonNode c = all.stream().filter(x -> x.path("name").asText().equals(name)).findFirst().orElseThrow();
                Optional<String> waits = Gate.waitsForMigration(c);
                if (waits.isPresent()) {
                    throw new PlanException("plan " + plan + ": " + field + " '" + name + "' (of " + where + ") " + waits.get()
                            + "; in the migration pod it would wait for itself: leave it out of spec.migration.pod.initContainers");
                }
            }
        }
        List<ObjectNode> kept = new ArrayList<>();
        List<String> keptWhy = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<String> droppedWhy = new ArrayList<>();
        Set<String> needed = new LinkedHashSet<>(mounted);
        // last to first: a container kept for the migration may need one before it that fills its own volumes
        for (int i = all.size() - 1; i >= 0; i--) {
            JsonNode c = all.get(i);
            String name = c.path("name").asText();
            Optional<String> waits = Gate.waitsForMigration(c);
            String keep = null;
            String drop = null;
            if (named != null) {
                if (named.contains(name)) {
                    keep = "named in spec.migration.pod.initContainers";
                } else {
                    drop = name.equals(Keys.GATE_CONTAINER) ? "sluice's own gate" : "not named in spec.migration.pod.initContainers";
                }
            } else if (name.equals(Keys.GATE_CONTAINER)) {
                drop = "sluice's own gate";
            } else if (waits.isPresent()) {
                drop = waits.get();
            } else if (c.path("restartPolicy").asText("").equals("Always")) {
                keep = "a native sidecar, running beside the migration";
            } else {
                List<String> fills = writes(c).stream().filter(needed::contains).toList();
                if (!fills.isEmpty()) {
                    keep = "it fills volume " + String.join(", ", fills) + " that the migration mounts";
                } else {
                    drop = "it fills no volume the migration mounts";
                }
            }
            if (keep != null && c.isObject()) {
                kept.add((ObjectNode) c.deepCopy());
                keptWhy.add(name + " (" + keep + ")");
                needed.addAll(mounts(c));
            } else if (drop != null && !name.equals(Keys.GATE_CONTAINER)) {
                dropped.add(name);
                droppedWhy.add(name + " (" + drop + ")");
            }
        }
        Collections.reverse(kept);
        Collections.reverse(keptWhy);
        Collections.reverse(dropped);
        Collections.reverse(droppedWhy);
        return new InitContainers(kept, keptWhy, dropped, droppedWhy);
    }

    static Set<String> mounts(JsonNode c) {
        Set<String> out = new LinkedHashSet<>();
        c.path("volumeMounts").forEach(m -> out.add(m.path("name").asText()));
        c.path("volumeDevices").forEach(m -> out.add(m.path("name").asText()));
        return out;
    }

    private static Set<String> writes(JsonNode c) {
        Set<String> out = new LinkedHashSet<>();
        c.path("volumeMounts").forEach(m -> {
            if (!m.path("readOnly").asBoolean(false)) {
                out.add(m.path("name").asText());
            }
        });
        c.path("volumeDevices").forEach(m -> out.add(m.path("name").asText()));
        return out;
    }

    /** For the notes and the Job's annotation: "kept a (why); dropped b (why)". */
    String summary() {
        List<String> parts = new ArrayList<>();
        if (!keptWhy.isEmpty()) {
            parts.add("kept " + String.join(", ", keptWhy));
        }
        if (!droppedWhy.isEmpty()) {
            parts.add("left out " + String.join(", ", droppedWhy));
        }
        return String.join("; ", parts);
    }
}
