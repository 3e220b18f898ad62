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

    /** From this many changed documents on, they are serialised on every core (each is independent). */
    static final int PARALLEL_DOCS = 128;

    public static Output output(List<Document> docs) {
        return output(docs, Runtime.getRuntime().availableProcessors());
    }

    /** As above, on at most {@code threads} threads: the same bytes whatever the number. */
    static Output output(List<Document> docs, int threads) {
        List<Document> changed = new ArrayList<>();
        for (Document doc : docs) {
            if (doc.changed()) {
                changed.add(doc);
            }
        }
        byte[][] bodies = threads > 1 && changed.size() >= PARALLEL_DOCS ? bodies(changed, threads) : null;
        Output out = new Output();
        LiteralBlocks blocks = new LiteralBlocks();
        int next = 0;
        for (Document doc : docs) {
            if (next == changed.size() || changed.get(next) != doc) {
                separate(out, doc.startsWith("---") || doc.startsWith("%") || doc.isBlank());
                out.add(doc);
                continue;
            }
            byte[] body = bodies != null ? bodies[next] : blocks.write(doc.treeForWriting()).getBytes(StandardCharsets.UTF_8);
            next++;
            String header = doc.header();
            if (out.size() > 0 && !header.startsWith("---")) {
                header = "---\n" + header;
            }
            separate(out, header.startsWith("---") || header.startsWith("%") || header.isBlank());
            out.add(header.getBytes(StandardCharsets.UTF_8));
            out.add(body);
        }
        return out;
    }

    /** The bodies of {@code changed} written on {@code threads} threads, or null: see {@link ParallelBodies}. */
    static byte[][] bodies(List<Document> changed, int threads) {
        return ParallelBodies.of(changed, threads);
    }

    /**
     * The changed documents' bodies, written by workers that take them in batches, each with its own
     * {@link LiteralBlocks} (which gives the emitter's bytes whatever it has seen, and only reads the
     * trees, which documents may share). Any failure: null, and the caller writes in order, so an error
     * is the one a writer in order meets first.
     */
    private static final class ParallelBodies {
        private static final int BATCH = 16;
        private final List<Document> changed;
        private final byte[][] bodies;
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean failed;

        private ParallelBodies(List<Document> changed) {
            this.changed = changed;
            this.bodies = new byte[changed.size()][];
        }

        static byte[][] of(List<Document> changed, int threads) {
            ParallelBodies work = new ParallelBodies(changed);
            EveryCore.run("sluice-write", threads, work::work);
            return work.failed ? null : work.bodies;
        }

        private void work() {
            LiteralBlocks blocks = new LiteralBlocks();
            while (!failed) {
                int from = next.getAndAdd(BATCH);
                if (from >= changed.size()) {
                    return;
                }
                for (int i = from; i < Math.min(from + BATCH, changed.size()) && !failed; i++) {
                    try {
                        bodies[i] = blocks.write(changed.get(i).treeForWriting()).getBytes(StandardCharsets.UTF_8);
                    } catch (RuntimeException | Error e) {
                        failed = true;
                    }
                }
            }
        }
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
