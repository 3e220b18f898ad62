package dev.sluice.timeline;

import dev.sluice.kube.Keys;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The timeline as JSON with a stable shape: every key is always present (null when it does not
 * apply), so that scripts can read it without guessing. Documented in the README.
 */
public final class JsonTimeline {
    public static final String KIND = "Timeline";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonTimeline() {
    }

    public static String render(Timeline t) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("apiVersion", Keys.API_VERSION);
        root.put("kind", KIND);
        root.put("event", t.event());
        root.put("hooks", t.hooks());
        root.put("runner", t.runner());
        ArrayNode steps = root.putArray("steps");
        for (Step s : t.steps()) {
            ObjectNode o = steps.addObject();
            o.put("step", s.number());
            o.put("stage", s.stage().name().toLowerCase().replace('_', '-'));
            o.put("kind", s.kind().isEmpty() ? null : s.kind());
            o.put("name", s.name().isEmpty() ? null : s.name());
            o.put("namespace", s.namespace().isEmpty() ? null : s.namespace());
            o.put("weight", s.weight());
            o.put("plan", s.plan());
            o.put("role", s.role());
            o.put("source", s.source());
            o.put("action", s.action());
            o.put("onFailure", s.onFailure());
            o.put("failureDetail", s.failureDetail().isEmpty() ? null : s.failureDetail());
            ArrayNode objects = o.putArray("objects");
            s.objects().forEach(objects::add);
            if (s.gate() == null) {
                o.putNull("gate");
            } else {
                o.putObject("gate").put("container", s.gate().container()).put("job", s.gate().job())
                        .put("timeoutSeconds", s.gate().timeoutSeconds()).put("sluice", s.gate().sluice());
            }
        }
        ArrayNode notes = root.putArray("notes");
        t.notes().forEach(notes::add);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
