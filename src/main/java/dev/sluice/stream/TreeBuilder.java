package dev.sluice.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds one document's tree from parser events the way sigs.k8s.io/yaml (go-yaml v2) reads it:
 * scalars by {@link KubectlScalars}, keys converted to JSON keys as kubectl converts them, aliases
 * expanded (as copies, so that editing one place never edits another), and merge keys applied in
 * go-yaml's order: each {@code <<} sets its keys where it stands, over keys before it; in a list of
 * maps the first wins. The document was validated before (syntax, duplicate keys, alias bombs).
 */
final class TreeBuilder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Document doc;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private JsonNode root;

    private TreeBuilder(Document doc) {
        this.doc = doc;
    }

    private static final class Frame {
        final ObjectNode map;
        final ArrayNode list;
        final String anchor;
        /** The JSON key whose value comes next; null while a key is expected. */
        String key;
        boolean merge;
        boolean merged;
        /** JSON keys that came from non-string keys (y, 1, 1.5), with their text: they may collide with another key. */
        Map<String, String> readAs;

        Frame(ObjectNode map, ArrayNode list, String anchor) {
            this.map = map;
            this.list = list;
            this.anchor = anchor;
        }

        boolean expectsKey() {
            return map != null && key == null && !merge;
        }
    }

    /** The tree of the one document {@code parser} reads (null for an empty document); {@code events} sees each event it is built from. */
    static JsonNode build(Document doc, Parser parser, Consumer<Event> events) {
        return new TreeBuilder(doc).run(parser, events);
    }

    private JsonNode run(Parser parser, Consumer<Event> events) {
        for (Event event = parser.getEvent(); event != null && !event.is(Event.ID.StreamEnd); event = parser.getEvent()) {
            events.accept(event);
            switch (event.getEventId()) {
                case MappingStart -> stack.push(new Frame(NODES.objectNode(), null, ((CollectionStartEvent) event).getAnchor()));
                case SequenceStart -> stack.push(new Frame(null, NODES.arrayNode(), ((CollectionStartEvent) event).getAnchor()));
                case MappingEnd, SequenceEnd -> {
                    Frame done = stack.pop();
                    JsonNode node = done.map != null ? done.map : done.list;
                    if (done.anchor != null) {
                        anchors.put(done.anchor, node);
                    }
                    add(node, null, event.getStartMark());
                }
                case Scalar -> scalar((ScalarEvent) event);
                case Alias -> {
                    JsonNode anchored = anchors.get(((AliasEvent) event).getAnchor());
                    if (anchored == null) {
                        throw refused(event.getStartMark(), "alias *" + ((AliasEvent) event).getAnchor() + " refers to no anchor before it");
                    }
                    add(anchored.deepCopy(), null, event.getStartMark());
                }
                default -> {
                }
            }
        }
        return root;
    }

    private void scalar(ScalarEvent s) {
        Frame top = stack.peek();
        String tag = s.getTag();
        boolean plain = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
        if (top != null && top.expectsKey() && "<<".equals(s.getValue())
                && ((tag == null && plain) || "!".equals(tag) || KubectlScalars.MERGE.equals(tag))) {
            top.merge = true;
            return;
        }
        JsonNode node;
        try {
            node = KubectlScalars.value(s.getValue(), tag, plain);
        } catch (KubectlScalars.Refused e) {
            throw refused(s.getStartMark(), e.getMessage());
        }
        if (node.isDouble() && !Double.isFinite(node.doubleValue()) && !(top != null && top.expectsKey())) {
            throw refused(s.getStartMark(), "'" + s.getValue() + "' reads as " + (Double.isNaN(node.doubleValue()) ? "NaN" : "infinity")
                    + ", which JSON cannot hold, so kubectl refuses the document; quote it (\"" + s.getValue() + "\") if it is text");
        }
        if (s.getAnchor() != null) {
            anchors.put(s.getAnchor(), node);
        }
        add(node, s.getValue(), s.getStartMark());
    }

    /** Adds a finished node to the collection being read: an item, a key, a value, or the merge's source. */
    private void add(JsonNode node, String written, Mark mark) {
        Frame top = stack.peek();
        if (top == null) {
            root = node;
            return;
        }
        if (top.list != null) {
            top.list.add(node);
            return;
        }
        if (top.merge) {
            merge(top, node, mark);
            top.merge = false;
            top.merged = true;
            return;
        }
        if (top.key == null) {
            if (node.isContainerNode()) {
                throw refused(mark, "a mapping key is itself a collection; Kubernetes objects need string keys");
            }
            String key;
            try {
                key = KubectlScalars.key(node);
            } catch (KubectlScalars.Refused e) {
                throw refused(mark, e.getMessage());
            }
            checkCollision(top, node, key, written == null ? key : written, mark);
            top.key = key;
            return;
        }
        top.map.set(top.key, node);
        top.key = null;
    }

    /** Two keys that kubectl reads as the same JSON key (y and true, 1 and "1"): which one wins is not defined. */
    private void checkCollision(Frame top, JsonNode key, String jsonKey, String written, Mark mark) {
        String earlier = null;
        if (!key.isTextual()) {
            if (top.map.has(jsonKey)) {
                earlier = top.readAs != null && top.readAs.containsKey(jsonKey) ? top.readAs.get(jsonKey) : jsonKey;
            }
            if (top.readAs == null) {
                top.readAs = new HashMap<>(4);
            }
            top.readAs.put(jsonKey, written);
        } else if (top.readAs != null && top.readAs.containsKey(jsonKey)) {
            earlier = top.readAs.get(jsonKey);
        }
        if (earlier != null) {
            throw refused(mark, "the keys '" + YamlTrees.printable(earlier) + "' and '" + YamlTrees.printable(written)
                    + "' both read as '" + YamlTrees.printable(jsonKey) + "' to kubectl" + (top.merged ? " (one of them from a merge key <<)" : "")
                    + "; quote the key that is meant as text, or remove one");
        }
    }

    /** go-yaml's merge: a map, or a list of maps applied from the last to the first (so the first wins). */
    private void merge(Frame top, JsonNode source, Mark mark) {
        if (source instanceof ObjectNode map) {
            top.map.setAll(map);
            return;
        }
        if (source instanceof ArrayNode list) {
            for (JsonNode item : list) {
                if (!(item instanceof ObjectNode)) {
                    throw mergeWantsMaps(mark);
                }
            }
            for (int i = list.size() - 1; i >= 0; i--) {
                top.map.setAll((ObjectNode) list.get(i));
            }
            return;
        }
        throw mergeWantsMaps(mark);
    }

    private StreamException mergeWantsMaps(Mark mark) {
        return refused(mark, "the merge key << needs a mapping or a list of mappings (such as *defaults or [*a, *b]);"
                + " kubectl refuses anything else");
    }

    private StreamException refused(Mark mark, String problem) {
        String in = path();
        return YamlTrees.located(doc, mark, (in.isEmpty() ? "" : "in " + in + ": ") + problem);
    }

    /** The field being read, such as {@code spec.template.spec.containers[0].env[1].value}. */
    private String path() {
        StringBuilder out = new StringBuilder();
        for (Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.list != null) {
                out.append('[').append(f.list.size()).append(']');
            } else if (f.key != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(YamlTrees.printable(f.key));
            }
        }
        return out.toString();
    }
}
