package dev.sluice.stream;

import java.util.List;

/** Writes documents back: untouched ones as their original text, changed ones from their trees. */
public final class StreamWriter {
    private StreamWriter() {
    }

    public static String write(List<Document> docs) {
        StringBuilder out = new StringBuilder();
        for (Document doc : docs) {
            if (!doc.changed()) {
                separate(out, doc.text());
                out.append(doc.text());
                continue;
            }
            String header = doc.header();
            if (out.length() > 0 && !header.startsWith("---")) {
                header = "---\n" + header;
            }
            separate(out, header);
            out.append(header);
            out.append(YamlTrees.write(doc.treeForWriting()));
        }
        return out.toString();
    }

    /** Keeps documents apart when the previous one lacks a final newline or the next lacks a marker. */
    private static void separate(StringBuilder out, String next) {
        if (out.length() == 0) {
            return;
        }
        if (out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        if (!next.startsWith("---") && !next.startsWith("%") && !next.isBlank()) {
            out.append("---\n");
        }
    }
}
