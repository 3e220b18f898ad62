package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamException;

import java.util.ArrayList;
import java.util.List;

/** What every document of a rendered stream must be: a Kubernetes object, with its apiVersion and kind. */
final class KubernetesObjects {
    private KubernetesObjects() {
    }

    /**
     * Refuses a document without apiVersion or kind (such as the NAME/STATUS report of {@code helm install
     * --dry-run}): applied, it would fail; passed through, it hides that sluice woven nothing. A document whose
     * text has both words is taken as it is, so that a large stream is not parsed only for this.
     */
    static void requireKindAndApiVersion(List<Document> docs) {
        for (Document doc : docs) {
            if (doc.empty() || doc.generated() || (doc.mentions("kind:") && doc.mentions("apiVersion:"))) {
                continue;
            }
            ObjectNode tree = doc.tree().orElse(null);
            if (tree == null) {
                continue;
            }
            boolean kind = named(tree.path("kind"));
            boolean apiVersion = named(tree.path("apiVersion"));
            if (kind && apiVersion) {
                continue;
            }
            String missing = !kind && !apiVersion ? "no apiVersion and no kind" : !kind ? "no kind" : "no apiVersion";
            throw new StreamException(doc.describe() + ": " + missing + ", so it is not a Kubernetes object (its keys: "
                    + keys(tree) + ")" + hint(tree));
        }
    }

    private static boolean named(JsonNode value) {
        return value.isTextual() && !value.asText().isBlank();
    }

    private static String hint(ObjectNode tree) {
        if (tree.has("NAME") && (tree.has("STATUS") || tree.has("LAST DEPLOYED"))) {
            return "; this is the report of `helm install/upgrade --dry-run`, not a manifest stream: give sluice the output"
                    + " of `helm template` (or run it as Helm's --post-renderer)";
        }
        return "; every document needs apiVersion and kind (a fragment of a chart's values or a notes file?)";
    }

    private static String keys(ObjectNode tree) {
        List<String> keys = new ArrayList<>();
        tree.fieldNames().forEachRemaining(keys::add);
        String shown = String.join(", ", keys.subList(0, Math.min(5, keys.size())));
        return keys.isEmpty() ? "none" : keys.size() > 5 ? shown + ", ..." : shown;
    }
}
