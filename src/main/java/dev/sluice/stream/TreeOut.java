package dev.sluice.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a tree through a Jackson generator, as an ObjectMapper with its default features writes it, without the
 * ObjectMapper: its serializers cost their first use ~30 ms of a small chart's run (class loading and set-up) to
 * make the same calls. Used for the YAML sluice writes and for the canonical JSON of content hashes.
 */
public final class TreeOut {
    private static final JsonFactory JSON = new JsonFactory();

    private TreeOut() {
    }

    /** Compact JSON with every object's keys sorted: the same tree always gives the same text. */
    public static String canonicalJson(JsonNode tree) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            write(tree, generator, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes {@code node}; {@code sorted}: every object's keys in their natural order, else as the tree holds them. */
    public static void write(JsonNode node, JsonGenerator out, boolean sorted) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject(node);
                Iterable<Map.Entry<String, JsonNode>> fields = node.properties();
                if (sorted) {
                    Map<String, JsonNode> byKey = new TreeMap<>();
                    fields.forEach(field -> byKey.put(field.getKey(), field.getValue()));
                    fields = byKey.entrySet();
                }
                for (Map.Entry<String, JsonNode> field : fields) {
                    out.writeFieldName(field.getKey());
                    write(field.getValue(), out, sorted);
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray(node, node.size());
                for (JsonNode item : node) {
                    write(item, out, sorted);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL -> out.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> out.writeNumber(node.intValue());
                    case LONG -> out.writeNumber(node.longValue());
                    case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
                    case FLOAT -> out.writeNumber(node.floatValue());
                    case DOUBLE -> out.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> out.writeNumber(node.decimalValue());
                }
            }
            default -> throw new IllegalStateException("a tree holds a " + node.getNodeType() + " node, which YAML and JSON cannot hold");
        }
    }
}
