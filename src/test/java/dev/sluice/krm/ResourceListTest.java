package dev.sluice.krm;

import dev.sluice.kube.Keys;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.kube.ResourceRef;
import dev.sluice.kube.Severity;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamException;
import dev.sluice.stream.StreamReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ResourceList wire format: detection, items as documents with their own text, and the answer. */
class ResourceListTest {
    private static final ArrayNode NO_RESULTS = JsonNodeFactory.instance.arrayNode();

    static ResourceList parse(String text) {
        return ResourceListReader.read(StreamReader.read(text.getBytes(StandardCharsets.UTF_8))).orElseThrow();
    }

    @Test
    void aStreamIsAResourceListOnlyWhenItsOneDocumentIsOne() {
        String configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {note: 'kind: ResourceList'}\n";
        assertTrue(ResourceListReader.read(StreamReader.read(configMap.getBytes(StandardCharsets.UTF_8))).isEmpty());
        String two = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n---\n" + configMap;
        assertTrue(ResourceListReader.read(StreamReader.read(two.getBytes(StandardCharsets.UTF_8))).isEmpty());
        StreamException e = assertThrows(StreamException.class,
                () -> parse("apiVersion: config.kubernetes.io/v2\nkind: ResourceList\nitems: []\n"));
        assertTrue(e.getMessage().contains("config.kubernetes.io/v1"), e.getMessage());
        assertEquals(0, parse("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n").items().size());
    }

    @Test
    void itemsNobodyChangedGoBackWithTheirOwnText() {
        String in = """
                apiVersion: config.kubernetes.io/v1
                kind: ResourceList
                items:
                  - # first
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: a}
                    data: {x: "yes", y: '0o17'}
                  # between
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: b
                    data:
                      script: |
                        one

                          two
                functionConfig: {apiVersion: v1, kind: ConfigMap, data: {}}
                """;
        ResourceList list = parse(in);
        assertEquals(2, list.items().size());
        assertEquals("# first\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: \"yes\", y: '0o17'}\n# between\n",
                list.items().get(0).text().replaceFirst("^---\n", ""));
        String out = list.write(list.items(), NO_RESULTS);
        String items = out.substring(out.indexOf("items:\n"), out.indexOf("functionConfig:"));
        assertEquals("""
                items:
                - # first
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: a}
                  data: {x: "yes", y: '0o17'}
                  # between
                - apiVersion: v1
                  kind: ConfigMap
                  metadata:
                    name: b
                  data:
                    script: |
                      one

                        two
                """, items);
        assertEquals(parse(in).items().get(1).tree(), parse(out).items().get(1).tree());
    }

    @Test
    void flowStyleListsAndSharedAnchorsAreWrittenFromTheirTrees() {
        ResourceList json = parse("{\"apiVersion\": \"config.kubernetes.io/v1\", \"kind\": \"ResourceList\", \"items\":"
                + " [{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}]}\n");
        assertEquals("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n", json.items().get(0).text().replaceFirst("^---\n", ""));
        ResourceList anchors = parse("""
                apiVersion: config.kubernetes.io/v1
                kind: ResourceList
                items:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: a}
                  data: &shared {k: v}
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: b}
                  data: *shared
                """);
        assertEquals("v", anchors.items().get(1).tree().orElseThrow().path("data").path("k").asText());
        assertTrue(anchors.items().get(1).text().contains("k: v"), anchors.items().get(1).text());
    }

    @Test
    void itemsAreParsedOnceWithTheListAndNeverAgain() {
        String in = """
                apiVersion: config.kubernetes.io/v1
                kind: ResourceList
                items:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: a}
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: b, annotations: {config.kubernetes.io/path: b.yaml}}
                """;
        List<Document> stream = StreamReader.read(in.getBytes(StandardCharsets.UTF_8));
        Input input = new Input(stream, ResourceListReader.read(stream));
        ResourceList list = input.resourceList().orElseThrow();
        var parsed = stream.get(0).tree().orElseThrow().path("items");
        for (int i = 0; i < 2; i++) {
            // the very node of the list's one parse: no item was read from its text again
            assertTrue(parsed.get(i) == list.items().get(i).tree().orElseThrow(), "item " + i + " parsed again");
        }
        // and its own text, found in that same parse (its flow style is the text's, not a writer's)
        assertEquals("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", list.items().get(0).text());
        assertEquals("document 2 (b.yaml) ConfigMap/b", list.items().get(1).describe());
        assertEquals(2, Input.read(in.getBytes(StandardCharsets.UTF_8)).documents().size(), "the items, as a stream's documents");
    }

    /** Texts an item's region could read otherwise in, alone at column 0: each item must go back meaning what it meant. */
    @Test
    void anItemWhoseTextMayReadOtherwiseAloneIsCheckedOrWrittenFromItsTree() {
        String head = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n";
        String tail = "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: last}\n  data: {k: v}\n";
        List<String> inputs = List.of(
                // SnakeYAML counts code points: four characters beyond 16 bits move its offsets back into "  - y"
                head + "- apiVersion: v1\n  kind: Shop\n  metadata: {name: a}\n  x: \"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\"\n"
                        + "  list:\n  - y\n" + tail,
                // a line break of YAML's that is none of Java's lines
                head + "- apiVersion: v1\n  kind: ConfigMap\u0085  metadata: {name: a}\n" + tail,
                (head + "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n" + tail).replace("\n", "\r"),
                head + "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    x: \"one\n  --- two\n  ...\n  %three\"\n" + tail,
                "%TAG !e! tag:example.com,2000:\n---\n" + head + "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n"
                        + "  data: {x: !e!foo bar}\n" + tail,
                head + "- apiVersion: v1\n  kind: ConfigMap\n  metadata: &m {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n"
                        + "  metadata: {<<: *m, labels: {x: y}}\n" + tail);
        for (String in : inputs) {
            ResourceList list = parse(in);
            String out = list.write(list.items(), NO_RESULTS);
            List<Document> again = parse(out).items();
            assertEquals(list.items().size(), again.size(), out);
            for (int i = 0; i < again.size(); i++) {
                assertEquals(list.items().get(i).tree(), again.get(i).tree(), in + "\n=>\n" + out);
            }
        }
    }

    @Test
    void generatedObjectsGetAFileAndAnIndexInTheKeysTheInputUsed() {
        ResourceList list = parse("""
                apiVersion: config.kubernetes.io/v1
                kind: ResourceList
                items:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata:
                    name: a
                    annotations: {internal.config.kubernetes.io/path: app.yaml, internal.config.kubernetes.io/index: '0'}
                """);
        var made = JsonNodeFactory.instance.objectNode();
        made.put("apiVersion", "v1").put("kind", "ConfigMap").putObject("metadata").put("name", "rec")
                .putObject("annotations").put("sluice.dev/generated", "shop");
        List<Document> out = new java.util.ArrayList<>(list.items());
        out.add(Document.generated(made, null));
        out.add(Document.generated(made.deepCopy(), null));
        list.place(out);
        assertEquals("sluice/shop.yaml", Paths.path(out.get(1).tree().orElseThrow()));
        assertEquals(1, Paths.index(out.get(2).tree().orElseThrow()));
        assertTrue(out.get(1).metadata().path("annotations").path(Keys.KPT_PATH).isMissingNode(), "no legacy key in, none out");
    }

    @Test
    void aFindingIsOneCallAndNamesItsFile() {
        ResourceList list = parse("""
                apiVersion: config.kubernetes.io/v1
                kind: ResourceList
                items:
                - apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: api
                    namespace: shop
                    annotations: {internal.config.kubernetes.io/path: deploy.yaml, internal.config.kubernetes.io/index: '2'}
                """);
        Results results = new Results(list.items());
        results.add(Severity.of("warning"), "maxSurge 0 with maxUnavailable 0 is rejected by the API",
                new ResourceRef("apps/v1", "Deployment", "api", "shop"), "spec.strategy.rollingUpdate");
        results.note("a note about Deployment/api and nothing else");
        assertEquals("[{\"message\":\"maxSurge 0 with maxUnavailable 0 is rejected by the API\",\"severity\":\"warning\","
                + "\"resourceRef\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"api\",\"namespace\":\"shop\"},"
                + "\"field\":{\"path\":\"spec.strategy.rollingUpdate\"},\"file\":{\"path\":\"deploy.yaml\",\"index\":2}},"
                + "{\"message\":\"a note about Deployment/api and nothing else\",\"severity\":\"info\","
                + "\"resourceRef\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"api\",\"namespace\":\"shop\"},"
                + "\"file\":{\"path\":\"deploy.yaml\",\"index\":2}}]", results.toArray().toString());
        assertTrue(!results.hasErrors());
        results.error("bad");
        assertTrue(results.hasErrors());
    }
}
