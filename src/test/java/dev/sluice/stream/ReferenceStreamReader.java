package dev.sluice.stream;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The String-based reader that {@link StreamReader} replaced (decode everything, split characters), kept
 * unchanged as the oracle of the byte-based one: same documents, same errors, for any input.
 */
final class ReferenceStreamReader {
    private ReferenceStreamReader() {
    }

    static List<Document> read(byte[] bytes) {
        return split(decode(bytes));
    }

    static String decode(byte[] bytes) {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            start = 3;
        }
        String binary = binaryFormat(bytes);
        if (binary != null) {
            throw new StreamException(binary);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
            int nul = text.indexOf('\0');
            if (nul >= 0) {
                throw new StreamException(at(text, nul) + ": a NUL byte; the input is not text (binary data?"
                        + " sluice reads the YAML that `helm template` prints)");
            }
            return text;
        } catch (CharacterCodingException e) {
            int bad = firstBadByte(bytes, start);
            String before = new String(bytes, start, bad - start, StandardCharsets.UTF_8);
            throw new StreamException(at(before, before.length()) + ": byte " + String.format("0x%02X", bytes[bad] & 0xff)
                    + " (offset " + bad + ") is not valid UTF-8; Kubernetes manifests must be UTF-8 text"
                    + ((bytes[bad] & 0xff) >= 0xa0 ? " (this looks like Latin-1 or Windows-1252: convert it, e.g. iconv -f latin1 -t utf-8)" : ""));
        }
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

    /** "document N (source) Kind/name, line L column C" for an offset into (a prefix of) the decoded text. */
    private static String at(String text, int offset) {
        List<Document> docs = split(text.substring(0, offset));
        int line = lineOf(text, offset);
        int column = offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1;
        String doc = docs.isEmpty() ? "document 1" : YamlTrees.named(docs.get(docs.size() - 1));
        return doc + ", line " + line + " column " + column;
    }

    private static int firstBadByte(byte[] bytes, int start) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
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
    static List<Document> split(String text) {
        List<Document> docs = new ArrayList<>();
        int chunkStart = 0;
        int chunkLine = 1;
        boolean hasMarker = false;
        boolean hasContent = false;
        boolean afterEnd = false;
        int pos = 0;
        int line = 1;
        int n = text.length();
        while (pos < n) {
            int eol = text.indexOf('\n', pos);
            int next = eol < 0 ? n : eol + 1;
            int lineEnd = eol < 0 ? n : eol;
            boolean startMarker = isMarker(text, pos, lineEnd, '-');
            boolean endMarker = isMarker(text, pos, lineEnd, '.');
            boolean directive = text.startsWith("%", pos);
            boolean boundary = (startMarker && (hasMarker || hasContent)) || (directive && afterEnd);
            if (boundary && pos > chunkStart) {
                docs.add(make(docs.size(), text.substring(chunkStart, pos), chunkLine));
                chunkStart = pos;
                chunkLine = line;
                hasMarker = false;
                hasContent = false;
                afterEnd = false;
            }
            if (startMarker) {
                hasMarker = true;
                String rest = text.substring(pos + 3, lineEnd).trim();
                if (!rest.isEmpty() && !rest.startsWith("#")) {
                    hasContent = true;
                }
            } else if (endMarker) {
                afterEnd = true;
            } else if (!directive && !isBlankOrComment(text, pos, lineEnd)) {
                hasContent = true;
                afterEnd = false;
            }
            pos = next;
            line++;
        }
        if (chunkStart < n) {
            docs.add(make(docs.size(), text.substring(chunkStart), chunkLine));
        }
        return docs;
    }

    private static Document make(int index, String chunk, int firstLine) {
        int headerEnd = headerEnd(chunk);
        boolean empty = headerEnd == chunk.length() || isBlankOrCommentOnly(chunk, headerEnd);
        Document doc = Document.read(index, chunk, chunk.substring(0, headerEnd), empty);
        doc.firstLine(firstLine);
        return doc;
    }

    /** End of the marker line(s), directives and leading comments: what a touched document keeps. */
    private static int headerEnd(String chunk) {
        int pos = 0;
        int n = chunk.length();
        while (pos < n) {
            int eol = chunk.indexOf('\n', pos);
            int lineEnd = eol < 0 ? n : eol;
            boolean marker = isMarker(chunk, pos, lineEnd, '-');
            if (marker) {
                String rest = chunk.substring(pos + 3, lineEnd).trim();
                if (!rest.isEmpty() && !rest.startsWith("#")) {
                    return pos;
                }
            } else if (!chunk.startsWith("%", pos) && !isBlankOrComment(chunk, pos, lineEnd)) {
                return pos;
            }
            pos = eol < 0 ? n : eol + 1;
        }
        return n;
    }

    private static boolean isBlankOrCommentOnly(String chunk, int from) {
        int pos = from;
        int n = chunk.length();
        while (pos < n) {
            int eol = chunk.indexOf('\n', pos);
            int lineEnd = eol < 0 ? n : eol;
            if (!isBlankOrComment(chunk, pos, lineEnd) && !isMarker(chunk, pos, lineEnd, '.')) {
                return false;
            }
            pos = eol < 0 ? n : eol + 1;
        }
        return true;
    }

    private static boolean isMarker(String text, int pos, int lineEnd, char c) {
        if (lineEnd - pos < 3 || text.charAt(pos) != c || text.charAt(pos + 1) != c || text.charAt(pos + 2) != c) {
            return false;
        }
        if (lineEnd - pos == 3) {
            return true;
        }
        char after = text.charAt(pos + 3);
        return after == ' ' || after == '\t' || after == '\r';
    }

    private static boolean isBlankOrComment(String text, int pos, int lineEnd) {
        for (int i = pos; i < lineEnd; i++) {
            char c = text.charAt(i);
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
