package dev.sluice.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes documents back: untouched ones as their original bytes, changed ones from their trees. */
public final class StreamWriter {
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] MARKER = "---\n".getBytes(StandardCharsets.UTF_8);

    private StreamWriter() {
    }

    /**
     * The output stream, ready to write: every changed document is already serialised, so writing can
     * fail only on I/O and an error never leaves half a stream behind.
     */
    public static final class Output {
        /** Untouched documents (written from the input's bytes) and serialised pieces, in order. */
        private final List<Object> parts = new ArrayList<>();
        private long size;
        private byte last = -1;

        private void add(byte[] bytes) {
            if (bytes.length > 0) {
                parts.add(bytes);
                size += bytes.length;
                last = bytes[bytes.length - 1];
            }
        }

        private void add(Document original) {
            if (original.byteLength() > 0) {
                parts.add(original);
                size += original.byteLength();
                last = original.endsWithNewline() ? (byte) '\n' : 0;
            }
        }

        /** Size in bytes. */
        public long size() {
            return size;
        }

        public void writeTo(OutputStream out) throws IOException {
            for (Object part : parts) {
                if (part instanceof byte[] bytes) {
                    out.write(bytes);
                } else {
                    ((Document) part).writeOriginal(out);
                }
            }
        }

        public byte[] toBytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, size));
            try {
                writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return new String(toBytes(), StandardCharsets.UTF_8);
        }
    }

    public static String write(List<Document> docs) {
        return output(docs).toString();
    }

    public static Output output(List<Document> docs) {
        Output out = new Output();
        LiteralBlocks blocks = new LiteralBlocks();
        for (Document doc : docs) {
            if (!doc.changed()) {
                separate(out, doc.startsWith("---") || doc.startsWith("%") || doc.isBlank());
                out.add(doc);
                continue;
            }
            String header = doc.header();
            if (out.size() > 0 && !header.startsWith("---")) {
                header = "---\n" + header;
            }
            separate(out, header.startsWith("---") || header.startsWith("%") || header.isBlank());
            out.add((header + blocks.write(doc.treeForWriting())).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Keeps documents apart when the previous one lacks a final newline or the next lacks a marker. */
    private static void separate(Output out, boolean nextIsSeparated) {
        if (out.size() == 0) {
            return;
        }
        if (out.last != '\n') {
            out.add(NEWLINE);
        }
        if (!nextIsSeparated) {
            out.add(MARKER);
        }
    }
}
