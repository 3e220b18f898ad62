package dev.sluice.stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quick check says yes to the block style Helm prints, and no (SnakeYAML decides) to anything it is
 * not sure of; whatever it says yes to, SnakeYAML's check accepts too.
 */
class BlockStyleCheckTest {

    static Document doc(String text) {
        List<Document> docs = StreamReader.split(text);
        assertEquals(1, docs.size(), () -> "one document: " + text);
        return docs.get(0);
    }

    static boolean proves(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return BlockStyleCheck.proves(bytes, 0, bytes.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a: 1\n",
        "---\n# Source: chart/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
        "--- # a comment on the marker\na: 1",
        "# leading comment\n---\na: 1\n",
        "data:\n  app.conf: |\n    line one\n\n    line: two # not a comment\n      deeper\n  next: 'yes'\n",
        "data:\n  a: |-\n    x\n  b: >\n    folded\n    text\n  c: |+\n    kept\n\n\nz: 1\n",
        "data:\n  a: |  # comment after the header\n    x\n",
        "data:\n  script: |\n    \tindented with a tab after the indentation\n",
        "spec:\n  ports:\n  - port: 80\n    name: http\n  - port: 443\n    name: https\n",
        "spec:\n  ports:\n    - port: 80\n      name: http\n    -   port: 443\n        name: https\n",
        "spec:\n  containers:\n  - name: a\n    env:\n    - name: X\n      value: \"1\"\n    - name: Y\n      value: '2'\n  volumes: []\n",
        "args:\n- --port=8080\n- -v\n- \"quoted\"\n- 'it''s'\n- plain with spaces\n",
        "metadata:\n  annotations:\n    \"helm.sh/hook\": pre-upgrade\n    'helm.sh/hook-weight': \"-5\"\n    checksum/config: 0123abc\n",
        "resources: {}\nsecurityContext: {} # empty\nlist: []\n",
        "a: http://example.com/x?y=1#frag\nb: a#b\nc: x # comment\nd: ~\ne: null\nf:\ng: -1\n",
        "empty: |\n",
        "escaped: \"a\\\"b\\\\c\\n\"\n",
        "outer:\n  inner:\n    deep:\n      deeper: 1\n  back: 2\nroot: 3\n",
        "a:\n  # a comment at any indentation\n      # deeper comment\n  b: 1\n",
    })
    void provesHelmsBlockStyle(String text) {
        assertTrue(proves(text), () -> "should prove:\n" + text);
        assertDoesNotThrow(() -> YamlTrees.validateFully(doc(text)), () -> "SnakeYAML disagrees:\n" + text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // duplicate keys, however they are written
        "a: 1\na: 2\n",
        "a: 1\n'a': 2\n",
        "\"a\": 1\na: 2\n",
        "m:\n  x: 1\n  y: 2\n  x: 3\n",
        "l:\n- name: a\n  name: b\n",
        "'it''s': 1\n\"it's\": 2\n",
        // not block style, or not this subset
        "a: b: c\n",
        "a: foo\n  bar\n",
        "a: foo\n  bar: baz\n",
        "a:\n\tb: 1\n",
        "a: \"tab\tinside\"\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: {b: 1}\n",
        "a: [1, 2]\n",
        "a: 'multi\n  line'\n",
        "a: \"multi\n  line\"\n",
        "a: \"bad escape \\q\"\n",
        "a: |2\n    x\n",
        "a: |\n      \n    x\n",
        "a: |\nb: 1\n",
        "- a\n- b\n",
        "just a scalar\n",
        "  a: 1\n",
        "a: 1\n...\n",
        "%YAML 1.1\n---\na: 1\n",
        "---\na: 1\n---\nb: 2\n",
        "--- a: 1\n",
        "a: caf\u00e9\n",
        "a: 1\r\nb: 2\r\n",
        "a:\n- - nested\n",
        "a:\n-\n  b: 1\n",
        "a:\n- |\n  x\n",
        "a: 1\n b: 2\n",
        "a:\n    b: 1\n  c: 2\n",
        "a:\n  - x\n  b: 1\n",
        "a: 1\n- b\n",
        "a: - b\n",
        "a: 'x' y\n",
        "a: 'x'#y\n",
        "? a\n: b\n",
        "<<: {a: 1}\n",
        "a: @x\n",
        "a: `x`\n",
        "a: x:\n",
        "# only a comment\n",
        "key with spaces: 1\n",
        "",
    })
    void leavesEverythingElseToSnakeYaml(String text) {
        assertFalse(proves(text), () -> "should leave to SnakeYAML:\n" + text);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 63, 64, 65, 100})
    void deepNestingIsLeftToSnakeYamlAboveItsLimit(int depth) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            text.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        text.append(" ".repeat(depth)).append("leaf: 1\n");
        assertEquals(depth < 64, proves(text.toString()), "depth " + depth);
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 1025})
    void longKeysAreLeftToSnakeYaml(int length) {
        String text = "k".repeat(length) + ": 1\n";
        assertEquals(length <= 1024, proves(text));
        if (length <= 1024) {
            assertDoesNotThrow(() -> YamlTrees.validateFully(doc(text)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a: 1\nb:\n  c: 1\n  c: 2\n", "a: 1\na: 2\n"})
    void errorsAreSnakeYamlsWhicheverPathRuns(String text) {
        Document quick = doc(text);
        Document full = doc(text);
        StreamException viaValidate = assertThrows(StreamException.class, () -> YamlTrees.validate(quick));
        StreamException viaFull = assertThrows(StreamException.class, () -> YamlTrees.validateFully(full));
        assertEquals(viaFull.getMessage(), viaValidate.getMessage());
    }
}
