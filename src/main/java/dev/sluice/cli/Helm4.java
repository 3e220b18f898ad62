package dev.sluice.cli;

import dev.sluice.stream.Document;
import dev.sluice.kube.Keys;

import java.util.List;

/** Helm 4 at sluice's door: the stream it rendered, and sluice run as its post-renderer plugin. */
final class Helm4 {
    /** The name of sluice's Helm 4 plugin (plugin.yaml's {@code name}). */
    static final String PLUGIN_NAME = "sluice";

    private Helm4() {
    }

    /** Helm 4 annotates every document it sends to a post-renderer with the file it came from. */
    static boolean rendered(List<Document> docs) {
        for (Document d : docs) {
            if (!d.empty() && d.mentions(Keys.HELM4_FILENAME) && d.metadata().path("annotations").has(Keys.HELM4_FILENAME)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Is Helm 4 running sluice itself as its post-renderer plugin? Helm sets HELM_PLUGIN_NAME to the name of the
     * plugin it runs; any other plugin (helm-diff running helm, which runs sluice by path) leaves its own name there.
     */
    static boolean plugin(Io io) {
        return PLUGIN_NAME.equals(io.env("HELM_PLUGIN_NAME"));
    }
}
