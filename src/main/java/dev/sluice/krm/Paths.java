package dev.sluice.krm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.stream.Document;
import dev.sluice.kube.Keys;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where kpt writes each item back: the file and the position in it, as annotations. kpt sets both the
 * current ({@code internal.config.kubernetes.io/*}) and the legacy ({@code config.kubernetes.io/*}) keys;
 * objects sluice generates get the same keys, pointing at {@code sluice/<plan>.yaml}.
 */
public final class Paths {

    private Paths() {
    }

    /** The file an item comes from, "" when it carries no path annotation. */
    public static String path(JsonNode item) {
        JsonNode a = item.path("metadata").path("annotations");
        String path = a.path(Keys.KPT_INTERNAL_PATH).asText("");
        return path.isEmpty() ? a.path(Keys.KPT_PATH).asText("") : path;
    }

    static int index(JsonNode item) {
        JsonNode a = item.path("metadata").path("annotations");
        String index = a.path(Keys.KPT_INTERNAL_INDEX).asText(a.path(Keys.KPT_INDEX).asText(""));
        try {
            return Integer.parseInt(index.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The file a plan's generated objects go to, relative to the package. */
    public static String fileOf(String plan) {
        return "sluice/" + plan + ".yaml";
    }

    /**
     * Gives every generated object a file and an index, with the keys the input used (none when the
     * input carried no paths, as with {@code kpt fn eval -} on plain YAML).
     */
    public static void place(List<Document> input, List<Document> output) {
        boolean current = false;
        boolean legacy = false;
        for (Document d : input) {
            JsonNode a = d.metadata().path("annotations");
            current |= a.has(Keys.KPT_INTERNAL_PATH);
            legacy |= a.has(Keys.KPT_PATH);
        }
        if (!current && !legacy) {
            return;
        }
        Map<String, Integer> next = new HashMap<>();
        for (Document d : output) {
            if (!d.empty() && !d.generated()) {
                JsonNode tree = d.tree().orElseThrow();
                next.merge(path(tree), index(tree) + 1, Math::max);
            }
        }
        for (Document d : output) {
            if (d.empty() || !d.generated()) {
                continue;
            }
            ObjectNode tree = d.edit();
            String plan = tree.path("metadata").path("annotations").path(Keys.GENERATED).asText("sluice");
            String file = fileOf(plan);
            int index = next.merge(file, 1, Integer::sum) - 1;
            ObjectNode annotations = annotations(tree);
            if (current) {
                annotations.put(Keys.KPT_INTERNAL_PATH, file);
                annotations.put(Keys.KPT_INTERNAL_INDEX, Integer.toString(index));
            }
            if (legacy) {
                annotations.put(Keys.KPT_PATH, file);
                annotations.put(Keys.KPT_INDEX, Integer.toString(index));
            }
        }
    }

    static ObjectNode annotations(ObjectNode tree) {
        JsonNode meta = tree.get("metadata");
        ObjectNode metadata = meta instanceof ObjectNode m ? m : tree.putObject("metadata");
        JsonNode a = metadata.get("annotations");
        return a instanceof ObjectNode o ? o : metadata.putObject("annotations");
    }
}
