package dev.sluice.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a multi-document YAML stream into documents without parsing them. A line that starts with
 * {@code ---} followed by a blank or the line end always starts a document (YAML forbids such a line
 * inside any scalar), so splitting on it is exact. The split works on the input's bytes: every
 * document is a range of them, decoded only when something reads its text.
 */
public final class StreamReader {
    private StreamReader() {
    }

    /** The documents of a stream of UTF-8 bytes (a leading byte-order mark is dropped); bad bytes are a clean error. */
    public static List<Document> read(byte[] bytes) {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            start = 3;
        }
        String binary = binaryFormat(bytes);
        if (binary != null) {
            throw new StreamException(binary);
        }
        if (!allText(bytes, start)) {
            // the slow path decides, as before: a bad byte anywhere comes before a NUL anywhere
            checkUtf8(bytes, start);
            for (int nul = start; nul < bytes.length; nul++) {
                if (bytes[nul] == 0) {
                    String before = new String(bytes, start, nul - start, StandardCharsets.UTF_8);
                    throw new StreamException(at(before, before.length()) + ": a NUL byte; the input is not text (binary data?"
                            + " sluice reads the YAML that `helm template` prints)");
                }
            }
        }
        return split(bytes, start, bytes.length);
    }

    /**
     * Offset of the first NUL byte or of the first byte that is not well-formed UTF-8 (Unicode's table
     * 3-7, which the JDK's strict decoder applies too); -1 when there is none. One tight pass: a 100 MB
     * stream is mostly ASCII.
     */
    static int firstNonText(byte[] b, int from) {
        int[] end = new int[1];
        return firstNonText(b, from, b.length, end);
    }

    /** Below this many bytes the text check runs on one thread. */
    static final int PARALLEL_TEXT_BYTES = 4 << 20;

    /**
     * Whether {@code b} from {@code from} on is well-formed UTF-8 without a NUL ({@link #firstNonText} finds none); a large
     * stream is checked in pieces on every core. A piece starts past the continuation bytes at its nominal start and
     * ends at the first character start at or past the next piece's; where a piece meets a problem, or its end is not
     * where the next one began, the answer is no, and the caller's own pass in order decides what is wrong.
     */
    static boolean allText(byte[] b, int from) {
        return allText(b, from, (int) Math.min(Runtime.getRuntime().availableProcessors(), Math.max(1, (b.length - from) / PARALLEL_TEXT_BYTES)));
    }

    /** As above, on {@code threads} threads. */
    static boolean allText(byte[] b, int from, int threads) {
        int length = b.length - from;
        if (threads <= 1) {
            return firstNonText(b, from) < 0;
        }
        int pieces = threads * 4;
        int[] starts = new int[pieces + 1];
        for (int k = 0; k < pieces; k++) {
            int at = from + (int) ((long) length * k / pieces);
            for (int skipped = 0; k > 0 && skipped < 3 && at < b.length && (b[at] & 0xc0) == 0x80; skipped++) {
                at++;
            }
            starts[k] = at;
        }
        starts[pieces] = b.length;
        int[] ends = new int[pieces];
        boolean[] bad = new boolean[pieces];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        EveryCore.run("sluice-text", threads, () -> {
            for (int k = next.getAndIncrement(); k < pieces; k = next.getAndIncrement()) {
                int[] end = new int[1];
                bad[k] = firstNonText(b, starts[k], Math.max(starts[k], starts[k + 1]), end) >= 0;
                ends[k] = end[0];
            }
        });
        for (int k = 0; k < pieces; k++) {
            if (bad[k] || ends[k] != starts[k + 1]) {
                return false;
            }
        }
        return true;
    }

    /** {@link #firstNonText}, checking the characters that start before {@code to}; {@code end[0]}: where it stopped. */
    private static int firstNonText(byte[] b, int from, int to, int[] end) {
        int n = b.length;
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c > 0) {
                i++;
                continue;
            }
            if (c == 0) {
                return i;
            }
            c &= 0xff;
            if (c >= 0xc2 && c <= 0xdf) {
                if (i + 1 >= n || !continuation(b[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (c >= 0xe0 && c <= 0xef) {
                int lo = c == 0xe0 ? 0xa0 : 0x80;
                int hi = c == 0xed ? 0x9f : 0xbf;
                if (i + 2 >= n || !within(b[i + 1], lo, hi) || !continuation(b[i + 2])) {
                    return i;
                }
                i += 3;
            } else if (c >= 0xf0 && c <= 0xf4) {
                int lo = c == 0xf0 ? 0x90 : 0x80;
                int hi = c == 0xf4 ? 0x8f : 0xbf;
                if (i + 3 >= n || !within(b[i + 1], lo, hi) || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
                    return i;
                }
                i += 4;
            } else {
                return i;
            }
        }
        end[0] = i;
        return -1;
    }

    private static boolean continuation(byte b) {
        return (b & 0xc0) == 0x80;
    }

    private static boolean within(byte b, int lo, int hi) {
        int v = b & 0xff;
        return v >= lo && v <= hi;
    }

    /** Strict UTF-8, checked in pieces; throws the message for the first bad byte (the JDK decoder's verdict). */
    private static void checkUtf8(byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(Math.min(64 << 10, bytes.length + 1));
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw notUtf8(bytes, start, in.position());
            }
            out.clear();
            if (result.isUnderflow()) {
                break;
            }
        }
        while (decoder.flush(out).isOverflow()) {
            out.clear();
        }
    }

    private static StreamException notUtf8(byte[] bytes, int start, int bad) {
        String before = new String(bytes, start, bad - start, StandardCharsets.UTF_8);
        return new StreamException(at(before, before.length()) + ": byte " + String.format("0x%02X", bytes[bad] & 0xff)
                + " (offset " + bad + ") is not valid UTF-8; Kubernetes manifests must be UTF-8 text"
                + ((bytes[bad] & 0xff) >= 0xa0 ? " (this looks like Latin-1 or Windows-1252: convert it, e.g. iconv -f latin1 -t utf-8)" : ""));
    }

    /** What a few well-known magic numbers say the input is, as a message; null for anything else. */
    private static String binaryFormat(byte[] b) {
        String expected = ", not YAML text: sluice reads the manifests that `helm template` prints";
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            return "the input is gzip-compressed (a packaged chart .tgz? render it with helm template first)" + expected;
        }
        if (b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            return "the input is a zip archive" + expected;
        }
        if (b.length >= 2 && (((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) || ((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff))) {
            return "the input is UTF-16 text; Kubernetes manifests must be UTF-8 (convert it: iconv -f utf-16 -t utf-8)";
        }
        return null;
    }

    /** "document N (source) Kind/name, line L column C" for the end of {@code text}, a prefix of the stream. */
    private static String at(String text, int offset) {
        List<Document> docs = split(text.substring(0, offset));
        int line = lineOf(text, offset);
        int column = offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1;
        String doc = docs.isEmpty() ? "document 1" : YamlTrees.named(docs.get(docs.size() - 1));
        return doc + ", line " + line + " column " + column;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Splits decoded text into documents; concatenating their texts gives back the input exactly. */
    public static List<Document> split(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return split(bytes, 0, bytes.length);
    }

    /**
     * Splits a stream of non-empty documents whose trees are already known, one tree per document in order
     * (the items of a KRM ResourceList, parsed with the list): each keeps its text to be written back, and is
     * never parsed nor checked again.
     */
    public static List<Document> split(String text, List<ObjectNode> trees) {
        List<Document> docs = split(text);
        if (docs.size() != trees.size()) {
            throw new IllegalStateException(trees.size() + " trees for " + docs.size() + " documents");
        }
        for (int i = 0; i < docs.size(); i++) {
            docs.get(i).known(trees.get(i));
        }
        return docs;
    }

    /**
     * Splits {@code bytes[from, to)}, valid UTF-8, into documents. Every structural character of the
     * split (newline, '-', '.', '%', '#', blanks) is ASCII, and UTF-8 never uses ASCII bytes inside a
     * multi-byte character, so the byte split equals the character split.
     */
    static List<Document> split(byte[] bytes, int from, int to) {
        List<Document> docs = new ArrayList<>();
        int chunkStart = from;
        int chunkLine = 1;
        boolean hasMarker = false;
        boolean hasContent = false;
        boolean afterEnd = false;
        int pos = from;
        int line = 1;
        while (pos < to) {
            int eol = indexOfNewline(bytes, pos, to);
            int next = eol < 0 ? to : eol + 1;
            int lineEnd = eol < 0 ? to : eol;
            boolean startMarker = isMarker(bytes, pos, lineEnd, (byte) '-');
            boolean endMarker = !startMarker && isMarker(bytes, pos, lineEnd, (byte) '.');
            boolean directive = bytes[pos] == '%';
            boolean boundary = (startMarker && (hasMarker || hasContent)) || (directive && afterEnd);
            if (boundary && pos > chunkStart) {
                docs.add(make(docs.size(), bytes, chunkStart, pos, chunkLine));
                chunkStart = pos;
                chunkLine = line;
                hasMarker = false;
                hasContent = false;
                afterEnd = false;
            }
            if (startMarker) {
                hasMarker = true;
                if (contentAfterMarker(bytes, pos, lineEnd)) {
                    hasContent = true;
                }
            } else if (endMarker) {
                afterEnd = true;
            } else if (!directive && !isBlankOrComment(bytes, pos, lineEnd)) {
                hasContent = true;
                afterEnd = false;
            }
            pos = next;
            line++;
        }
        if (chunkStart < to) {
            docs.add(make(docs.size(), bytes, chunkStart, to, chunkLine));
        }
        return docs;
    }

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Document make(int index, byte[] bytes, int start, int end, int firstLine) {
        int headerEnd = headerEnd(bytes, start, end);
        boolean empty = headerEnd == end || isBlankOrCommentOnly(bytes, headerEnd, end);
        String header = new String(bytes, start, headerEnd - start, StandardCharsets.UTF_8);
        Document doc = Document.read(index, bytes, start, end, header, empty);
        doc.firstLine(firstLine);
        return doc;
    }

    /** End of the marker line(s), directives and leading comments: what a touched document keeps. */
    private static int headerEnd(byte[] bytes, int start, int end) {
        int pos = start;
        while (pos < end) {
            int eol = indexOfNewline(bytes, pos, end);
            int lineEnd = eol < 0 ? end : eol;
            if (isMarker(bytes, pos, lineEnd, (byte) '-')) {
                if (contentAfterMarker(bytes, pos, lineEnd)) {
                    return pos;
                }
            } else if (bytes[pos] != '%' && !isBlankOrComment(bytes, pos, lineEnd)) {
                return pos;
            }
            pos = eol < 0 ? end : eol + 1;
        }
        return end;
    }

    private static boolean isBlankOrCommentOnly(byte[] bytes, int from, int end) {
        int pos = from;
        while (pos < end) {
            int eol = indexOfNewline(bytes, pos, end);
            int lineEnd = eol < 0 ? end : eol;
            if (!isBlankOrComment(bytes, pos, lineEnd) && !isMarker(bytes, pos, lineEnd, (byte) '.')) {
                return false;
            }
            pos = eol < 0 ? end : eol + 1;
        }
        return true;
    }

    /** Whether a marker line holds a node after its {@code ---} (the rest, trimmed, is neither empty nor a comment). */
    private static boolean contentAfterMarker(byte[] bytes, int pos, int lineEnd) {
        int i = pos + 3;
        while (i < lineEnd && (bytes[i] & 0xff) <= ' ') {
            i++;
        }
        return i < lineEnd && bytes[i] != '#';
    }

    /** Whether {@code bytes[pos, end)} starts with the ASCII text {@code ascii}. */
    static boolean startsWith(byte[] bytes, int pos, int end, String ascii) {
        if (end - pos < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[pos + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean isMarker(byte[] bytes, int pos, int lineEnd, byte c) {
        if (lineEnd - pos < 3 || bytes[pos] != c || bytes[pos + 1] != c || bytes[pos + 2] != c) {
            return false;
        }
        if (lineEnd - pos == 3) {
            return true;
        }
        byte after = bytes[pos + 3];
        return after == ' ' || after == '\t' || after == '\r';
    }

    private static boolean isBlankOrComment(byte[] bytes, int pos, int lineEnd) {
        for (int i = pos; i < lineEnd; i++) {
            byte c = bytes[i];
            if (c == '#') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}
