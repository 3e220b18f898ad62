package dev.sluice.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LiteralBlocksTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SCRIPT = "set -eu\n" + "echo \"waiting — for the migration\"\n".repeat(40);
    /** Long texts the emitter writes with other block headers: kept, stripped, indented, folded into quotes. */
    private static final List<String> TEXTS = List.of(SCRIPT, SCRIPT.strip(), SCRIPT + "\n\n", "  " + SCRIPT,
            "\n" + SCRIPT, SCRIPT.replace("\n", " \n"), "x: y\n" + SCRIPT, SCRIPT.replace("echo", "\techo"));

    /** One document with the texts at many places: a list item, a mapping value, deeper, in a list in a list. */
    private static ObjectNode document(int n, String text) {
        ObjectNode doc = NODES.objectNode();
        doc.put("apiVersion", "apps/v1").put("kind", "Deployment");
        doc.putObject("metadata").put("name", "app-" + n).putObject("annotations").put("note", text);
        ObjectNode pod = doc.putObject("spec").putObject("template").putObject("spec");
        ArrayNode init = pod.putArray("initContainers");
        ObjectNode gate = init.addObject().put("name", "sluice-wait");
        gate.putArray("command").add("/bin/sh").add("-c").add(text);
        gate.putArray("args").addArray().add(text).add("after");
        pod.putArray("containers").addObject().put("name", "app").put("image", "example/app:" + n);
        ObjectNode data = doc.putObject("data");
        data.put("script", text);
        data.put("short", "a\nb");
        return doc;
    }

    @Test
    void everyDocumentIsWrittenAsTheEmitterWritesIt() {
        LiteralBlocks blocks = new LiteralBlocks();
        for (int n = 0; n < 12; n++) {
            for (String text : TEXTS) {
                ObjectNode doc = document(n, text);
                ObjectNode before = doc.deepCopy();
                assertEquals(YamlTrees.write(doc), blocks.write(doc), "document " + n + " with " + text.substring(0, 12));
                assertEquals(before, doc, "the tree is left as it was");
            }
        }
    }

    @Test
    void manyRepeatedTextsInOneDocumentKeepTheirPlaces() {
        LiteralBlocks blocks = new LiteralBlocks();
        for (int n = 0; n < 30; n++) {
            ObjectNode doc = NODES.objectNode();
            ArrayNode list = doc.putArray("items");
            List<String> texts = new ArrayList<>(TEXTS);
            texts.addAll(TEXTS);
            for (int i = 0; i < texts.size(); i++) {
                list.addObject().put("n", i).put("text", texts.get((i + n) % texts.size()));
            }
            assertEquals(YamlTrees.write(doc), blocks.write(doc), "document " + n);
        }
    }

    @Test
    void aTextThatHoldsThePlaceholderWordsIsStillWrittenAsItIs() {
        LiteralBlocks blocks = new LiteralBlocks();
        for (int n = 0; n < 4; n++) {
            ObjectNode doc = document(n, SCRIPT);
            doc.with("data").put("look-alike", "sluiceblock" + n + "z");
            assertEquals(YamlTrees.write(doc), blocks.write(doc));
        }
    }

    /** Large list items that look alike to {@link ObjectNode#equals} but are written differently. */
    @Test
    void largeListItemsAreWrittenAsTheEmitterWritesThemWherever() {
        LiteralBlocks blocks = new LiteralBlocks();
        String pad = "x".repeat(LiteralBlocks.ITEM);
        List<ObjectNode> items = new ArrayList<>();
        items.add(NODES.objectNode().put("name", "gate").put("image", pad).put("n", 1));
        items.add(NODES.objectNode().put("image", pad).put("name", "gate").put("n", 1));
        items.add(NODES.objectNode().put("name", "gate").put("image", pad).put("n", "1"));
        items.add(NODES.objectNode().put("name", "gate").put("image", pad).put("n", 1.0));
        items.add(NODES.objectNode().put("name", "gate").put("image", pad).put("n", new java.math.BigDecimal("1.00")));
        items.add(NODES.objectNode().put("name", "gate").put("image", pad).put("n", new java.math.BigDecimal("1.0")));
        items.add(NODES.objectNode().put("name", "gate").put("image", pad).set("n", new AsWritten.Int(493, "0755")));
        items.add(NODES.objectNode().put("name", "gate").put("image", pad).set("n", new AsWritten.Int(493, "0o755")));
        items.add(NODES.objectNode().put("name", "gate").put("image", SCRIPT).put("n", 1));
        for (int n = 0; n < 6; n++) {
            for (ObjectNode item : items) {
                ObjectNode doc = document(n, SCRIPT);
                doc.putArray("top").add(item.deepCopy()).add(item.deepCopy());
                doc.with("spec").putArray("nested").addArray().add(item.deepCopy());
                doc.with("spec").with("template").putArray("deeper").addObject().putArray("list").add(item.deepCopy());
                ObjectNode before = doc.deepCopy();
                assertEquals(YamlTrees.write(doc), blocks.write(doc), "document " + n + " with " + item);
                assertEquals(before, doc, "the tree is left as it was");
            }
        }
    }
}
