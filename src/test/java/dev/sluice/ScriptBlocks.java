package dev.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.weave.Scripts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * sluice's own container scripts in a golden file, each written as one line that names the script and its digest:
 * <pre>
 *   - |
 *     &lt;sluice script gate.sh sha256:0123456789ab&gt;
 * </pre>
 * in place of a literal block ({@code |}) whose whole content is exactly that script as the weave composes it
 * ({@link Scripts}: gate.sh and record.sh carry job-state.sh). A script sluice writes wrong (changed, truncated, with
 * another chomping) matches none and stays in full, so the golden shows it; a script edit changes its digest, so
 * each golden that embeds it changes by one line.
 */
public final class ScriptBlocks {
    /** The file name each script is loaded from, and its text as the containers run it. */
    static final Map<String, String> SCRIPTS = scripts();
    /** A block scalar's header line: {@code - |}, {@code key: |}, {@code |} alone (Helm 4's error), folded or chomped. */
    private static final Pattern HEADER = Pattern.compile("( *)(?:- )*(?:[^ #\\-][^#]*?: )?[|>][-+1-9]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("( *)<sluice script (\\S+) sha256:([0-9a-f]+)>");

    private ScriptBlocks() {
    }

    private static Map<String, String> scripts() {
        return Scripts.all();
    }

    /** The line that stands for a script in a golden (without its indentation). */
    public static String placeholder(String name) {
        return "<sluice script " + name + " sha256:" + digest(SCRIPTS.get(name)) + ">";
    }

    static String digest(String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stream with every block scalar that is exactly one of sluice's scripts written as its placeholder. */
    public static String normalise(String yaml) {
        String[] lines = yaml.split("\n", -1);
        StringBuilder out = new StringBuilder(yaml.length());
        int i = 0;
        while (i < lines.length) {
            String line = lines[i++];
            out.append(line);
            if (i < lines.length) {
                out.append('\n');
            }
            Matcher header = HEADER.matcher(line);
            if (!header.matches()) {
                continue;
            }
            int parent = header.group(1).length();
            int end = i;
            while (end < lines.length && (lines[end].isBlank() || indent(lines[end]) > parent)) {
                end++;
            }
            // trailing blank lines: a last line of the stream, or before a less indented line, are not the script's
            int last = end;
            while (last > i && lines[last - 1].isBlank()) {
                last--;
            }
            String name = line.endsWith("|") ? scriptIn(lines, i, last) : null;
            int from = i;
            if (name != null) {
                out.append(" ".repeat(indent(lines[i]))).append(placeholder(name)).append('\n');
                from = last;
            }
            for (int k = from; k < end; k++) {
                out.append(lines[k]);
                if (k + 1 < lines.length) {
                    out.append('\n');
                }
            }
            i = end;
        }
        return out.toString();
    }

    /** The name of the script that lines [from, to) of a clipped literal block hold exactly, or null. */
    private static String scriptIn(String[] lines, int from, int to) {
        if (from >= to || lines[from].isBlank()) {
            return null;
        }
        int indent = indent(lines[from]);
        StringBuilder text = new StringBuilder();
        for (int k = from; k < to; k++) {
            String line = lines[k];
            if (line.isEmpty()) {
                text.append('\n');
            } else if (line.isBlank() || indent(line) < indent) {
                return null;
            } else {
                text.append(line, indent, line.length()).append('\n');
            }
        }
        String content = text.toString();
        return SCRIPTS.entrySet().stream().filter(e -> e.getValue().equals(content)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** A golden with every placeholder written back as its script's block: the output sluice wrote. */
    public static String restore(String golden) {
        String[] lines = golden.split("\n", -1);
        StringBuilder out = new StringBuilder(golden.length() * 2);
        for (int i = 0; i < lines.length; i++) {
            Matcher p = PLACEHOLDER.matcher(lines[i]);
            if (p.matches()) {
                String name = p.group(2);
                String script = SCRIPTS.get(name);
                if (script == null) {
                    throw new IllegalArgumentException("a placeholder for an unknown script: " + lines[i]);
                }
                if (!p.group(3).equals(digest(script))) {
                    throw new IllegalArgumentException("the golden holds " + name + " sha256:" + p.group(3)
                            + ", the script now is sha256:" + digest(script) + " (run the tests with -Dsluice.update=true)");
                }
                script.lines().forEach(l -> out.append(l.isEmpty() ? "" : p.group(1)).append(l).append('\n'));
            } else {
                out.append(lines[i]);
                if (i + 1 < lines.length) {
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    /** The output a golden file stands for: its scripts written back in full. */
    public static String output(Path golden) throws IOException {
        return restore(Files.readString(golden));
    }

    /** A copy of a document's tree where each string that is one of sluice's scripts is its placeholder line. */
    public static JsonNode withPlaceholders(JsonNode tree) {
        return tree == null ? null : replace(tree.deepCopy());
    }

    private static JsonNode replace(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(replace(e.getValue()));
            }
        } else if (node instanceof ArrayNode a) {
            for (int k = 0; k < a.size(); k++) {
                a.set(k, replace(a.get(k)));
            }
        } else if (node.isTextual()) {
            for (Map.Entry<String, String> e : SCRIPTS.entrySet()) {
                if (e.getValue().equals(node.textValue())) {
                    return TextNode.valueOf(placeholder(e.getKey()) + "\n");
                }
            }
        }
        return node;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
