package dev.sluice.stream;

import java.util.HashSet;
import java.util.Set;

/**
 * A quick check for documents in the plain block style that Helm prints: block mappings and sequences
 * (indentless ones too), plain and one-line quoted scalars, {@code {}} and {@code []}, literal and folded
 * block scalars, comments; ASCII only. It says yes only when the document is certainly well-formed YAML
 * with a mapping at the top, no duplicate keys and no anchors, aliases, tags or directives, which is what
 * {@link YamlTrees#validate} checks. Anything else, or any doubt, is a no, and SnakeYAML decides and words
 * the error: this check may only ever be wrong by saying no.
 */
final class BlockStyleCheck {
    /** Deeper documents go to SnakeYAML, which knows the real limit and words it. */
    private static final int MAX_FRAMES = 64;
    /** SnakeYAML's limit for a key on one line. */
    private static final int MAX_KEY = 1024;

    private final byte[] b;
    private int depth;
    private int[] indents = new int[16];
    private boolean[] sequence = new boolean[16];
    /** A sequence at its parent key's indentation ("key:\n- item"), as Go's YAML writer prints it. */
    private boolean[] indentless = new boolean[16];
    private Set<String>[] keys = newKeySets(16);
    /** The last key read had no value on its line: a nested block may follow. */
    private boolean open;
    /** A literal or folded scalar starts on the next line, inside the mapping at this indentation. */
    private int blockScalarParent = -1;

    private BlockStyleCheck(byte[] bytes) {
        this.b = bytes;
    }

    /** Whether {@code bytes[start, end)}, one document of a stream, is certainly valid; false when unsure. */
    static boolean proves(byte[] bytes, int start, int end) {
        return new BlockStyleCheck(bytes).run(start, end);
    }

    private boolean run(int start, int end) {
        boolean marker = false;
        boolean root = false;
        int pos = start;
        while (pos < end) {
            int lineEnd = lineEnd(pos, end);
            int next = lineEnd < end ? lineEnd + 1 : end;
            if (blockScalarParent >= 0) {
                int after = blockScalar(pos, end, blockScalarParent + 1);
                blockScalarParent = -1;
                if (after < 0) {
                    return false;
                }
                pos = after;
                continue;
            }
            if (!printable(pos, lineEnd, false)) {
                return false;
            }
            int indent = spaces(pos, lineEnd);
            int at = pos + indent;
            if (at == lineEnd || b[at] == '#') {
                pos = next;
                continue;
            }
            boolean startMarker = StreamReader.startsWith(b, pos, lineEnd, "---");
            if (indent == 0 && (startMarker || StreamReader.startsWith(b, pos, lineEnd, "...") || b[pos] == '%')) {
                if (marker || root || !startMarker || !nothingAfter(pos + 3, lineEnd)) {
                    return false;
                }
                marker = true;
                pos = next;
                continue;
            }
            boolean dash = b[at] == '-' && (at + 1 == lineEnd || b[at + 1] == ' ');
            if (!root) {
                if (indent != 0 || dash) {
                    return false;
                }
                root = true;
                push(false, 0, false);
            } else if (!place(indent, dash)) {
                return false;
            }
            if (!(dash ? item(pos, at, lineEnd) : keyValue(at, lineEnd))) {
                return false;
            }
            pos = next;
        }
        return root;
    }

    /** Finds the collection this line belongs to, opening or closing blocks; false when it fits none. */
    private boolean place(int indent, boolean dash) {
        if (open) {
            open = false;
            int parent = indents[depth - 1];
            if (indent > parent) {
                return push(dash, indent, false);
            }
            if (indent == parent && dash) {
                return push(true, indent, true);
            }
        }
        while (depth > 0 && (indents[depth - 1] > indent || (indentless[depth - 1] && indents[depth - 1] == indent && !dash))) {
            depth--;
        }
        return depth > 0 && indents[depth - 1] == indent && sequence[depth - 1] == dash;
    }

    /** "- value" or "- key: value" at {@code at} (the dash) of the line that starts at {@code line}. */
    private boolean item(int line, int at, int lineEnd) {
        int q = at + 1;
        while (q < lineEnd && b[q] == ' ') {
            q++;
        }
        if (q == at + 1 || q == lineEnd || b[q] == '#' || b[q] == '|' || b[q] == '>'
                || (b[q] == '-' && (q + 1 == lineEnd || b[q + 1] == ' '))) {
            return false;
        }
        if (keyEnd(q, lineEnd) >= 0) {
            return push(false, q - line, false) && keyValue(q, lineEnd);
        }
        return scalar(q, lineEnd);
    }

    /** "key: value", "key:" or "key: |" at {@code at}, in the mapping on top. */
    private boolean keyValue(int at, int lineEnd) {
        int colon = keyEnd(at, lineEnd);
        if (colon < 0 || colon - at > MAX_KEY) {
            return false;
        }
        String key = keyText(at, colon);
        if (key == null || !keys(depth - 1).add(key)) {
            return false;
        }
        int r = colon + 1;
        while (r < lineEnd && b[r] == ' ') {
            r++;
        }
        if (r == lineEnd || b[r] == '#') {
            open = true;
            return true;
        }
        if (b[r] == '|' || b[r] == '>') {
            int h = r + 1;
            if (h < lineEnd && (b[h] == '-' || b[h] == '+')) {
                h++;
            }
            if (!nothingAfter(h, lineEnd)) {
                return false;
            }
            blockScalarParent = indents[depth - 1];
            return true;
        }
        return scalar(r, lineEnd);
    }

    /**
     * Where the key at {@code at} ends (its colon, followed by a blank or the line end); -1 when the line
     * does not start with a key of the kinds this check knows.
     */
    private int keyEnd(int at, int lineEnd) {
        int i;
        byte first = b[at];
        if (first == '\'' || first == '"') {
            i = closingQuote(at, lineEnd);
            if (i < 0) {
                return -1;
            }
            i++;
        } else {
            if (!keyStart(first)) {
                return -1;
            }
            i = at + 1;
            while (i < lineEnd && keyPart(b[i])) {
                i++;
            }
        }
        return i < lineEnd && b[i] == ':' && (i + 1 == lineEnd || b[i + 1] == ' ') ? i : -1;
    }

    /** The key's value as SnakeYAML reads it; null for a key this check leaves to SnakeYAML. */
    private String keyText(int at, int colon) {
        byte first = b[at];
        if (first == '"') {
            for (int i = at + 1; i < colon - 1; i++) {
                if (b[i] == '\\') {
                    return null;
                }
            }
            return ascii(at + 1, colon - 1);
        }
        if (first == '\'') {
            return ascii(at + 1, colon - 1).replace("''", "'");
        }
        return ascii(at, colon);
    }

    /** A scalar value that must end on this line: plain, quoted, {} or []. */
    private boolean scalar(int at, int lineEnd) {
        byte c = b[at];
        switch (c) {
            case '\'', '"' -> {
                int close = closingQuote(at, lineEnd);
                return close >= 0 && nothingAfter(close + 1, lineEnd);
            }
            case '{', '[' -> {
                return at + 1 < lineEnd && b[at + 1] == (c == '{' ? '}' : ']') && nothingAfter(at + 2, lineEnd);
            }
            case '&', '*', '!', '%', '@', '`', ',', ']', '}', '?', ':', '|', '>', '#' -> {
                return false;
            }
            case '-' -> {
                if (at + 1 == lineEnd || b[at + 1] == ' ') {
                    return false;
                }
            }
            default -> {
            }
        }
        for (int i = at; i < lineEnd; i++) {
            if (b[i] == ':' && (i + 1 == lineEnd || b[i + 1] == ' ')) {
                return false;
            }
            if (b[i] == '#' && b[i - 1] == ' ') {
                return true;
            }
        }
        return true;
    }

    /** The closing quote of the one-line quoted scalar at {@code at}; -1 when it does not close on this line. */
    private int closingQuote(int at, int lineEnd) {
        byte quote = b[at];
        for (int i = at + 1; i < lineEnd; i++) {
            byte c = b[i];
            if (quote == '\'' && c == '\'') {
                if (i + 1 < lineEnd && b[i + 1] == '\'') {
                    i++;
                    continue;
                }
                return i;
            }
            if (quote == '"') {
                if (c == '"') {
                    return i;
                }
                if (c == '\\') {
                    if (i + 1 >= lineEnd || "\\\"ntr".indexOf(b[i + 1]) < 0) {
                        return -1;
                    }
                    i++;
                }
            }
        }
        return -1;
    }

    /**
     * The lines of a literal or folded scalar from {@code pos}; returns where the first line after it
     * starts, or -1 when unsure. Content is indented by at least {@code minIndent}, as deep as its first
     * line; leading empty lines may not be deeper than that (SnakeYAML would take their depth).
     */
    private int blockScalar(int pos, int end, int minIndent) {
        int indent = -1;
        int leading = 0;
        while (pos < end) {
            int lineEnd = lineEnd(pos, end);
            int spaces = spaces(pos, lineEnd);
            if (spaces == lineEnd - pos) {
                if (indent < 0) {
                    leading = Math.max(leading, spaces);
                }
            } else if (indent < 0) {
                if (spaces < minIndent || leading > spaces) {
                    return -1;
                }
                indent = spaces;
                if (!printable(pos + spaces, lineEnd, true)) {
                    return -1;
                }
            } else if (spaces >= indent) {
                if (!printable(pos + indent, lineEnd, true)) {
                    return -1;
                }
            } else {
                return pos;
            }
            pos = lineEnd < end ? lineEnd + 1 : end;
        }
        return indent < 0 ? -1 : end;
    }

    /** After a value: only blanks, then the line end or (after at least one blank) a comment. */
    private boolean nothingAfter(int from, int lineEnd) {
        int i = from;
        while (i < lineEnd && b[i] == ' ') {
            i++;
        }
        return i == lineEnd || (b[i] == '#' && i > from);
    }

    private boolean push(boolean seq, int indent, boolean indentlessSeq) {
        if (depth == MAX_FRAMES) {
            return false;
        }
        if (depth == indents.length) {
            int n = depth * 2;
            indents = java.util.Arrays.copyOf(indents, n);
            sequence = java.util.Arrays.copyOf(sequence, n);
            indentless = java.util.Arrays.copyOf(indentless, n);
            keys = java.util.Arrays.copyOf(keys, n);
        }
        indents[depth] = indent;
        sequence[depth] = seq;
        indentless[depth] = indentlessSeq;
        keys[depth] = null;
        depth++;
        return true;
    }

    private Set<String> keys(int frame) {
        if (keys[frame] == null) {
            keys[frame] = new HashSet<>();
        }
        return keys[frame];
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[] newKeySets(int n) {
        return (Set<String>[]) new Set<?>[n];
    }

    private static boolean keyStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/';
    }

    private static boolean keyPart(byte c) {
        return keyStart(c) || c == '-';
    }

    /** Printable ASCII only; tabs too with {@code tabs} (block scalar content). */
    private boolean printable(int from, int to, boolean tabs) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if ((c < 0x20 && !(tabs && c == '\t')) || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private int lineEnd(int pos, int end) {
        int i = pos;
        while (i < end && b[i] != '\n') {
            i++;
        }
        return i;
    }

    private int spaces(int pos, int lineEnd) {
        int i = pos;
        while (i < lineEnd && b[i] == ' ') {
            i++;
        }
        return i - pos;
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
