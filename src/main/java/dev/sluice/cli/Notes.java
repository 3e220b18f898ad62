package dev.sluice.cli;

import dev.sluice.stream.Document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * sluice's notes, where each door lets the person see them. Helm 3 and Helm 4 swallow a successful post-renderer's
 * stderr, even on a terminal: there a short summary goes to the terminal itself, and the notes stay as comments on
 * the migration Job, which Helm stores with the release ({@code helm get manifest}, {@code helm get hooks}).
 */
final class Notes {
    static final String COMMENT_HEAD = "# sluice notes (also on stderr; --fail-on-notes makes a run fail on them):";
    private static final int WIDTH = 100;
    private static final int SUMMARY_WIDTH = 200;

    private Notes() {
    }

    /** {@code --fail-on-notes}: the run fails, writing nothing, with every note in one line (Helm 4 shows only that). */
    static void failOnNotes(boolean asked, List<String> notes) {
        if (asked && !notes.isEmpty()) {
            throw new dev.sluice.stream.StreamException("--fail-on-notes: " + notes.size() + (notes.size() == 1 ? " note" : " notes")
                    + ", nothing written: " + String.join(" | ", notes));
        }
    }

    /**
     * The notes of an earlier run whose output is this run's input (sluice on its own output): they are about the
     * stream before that run, so they are kept (first) with this run's, and sluice on its own output changes nothing.
     */
    static List<String> merged(List<Document> input, List<String> notes) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        for (Document d : input) {
            String header = d.header();
            int at = header.indexOf(COMMENT_HEAD);
            if (at < 0) {
                continue;
            }
            StringBuilder note = null;
            for (String line : header.substring(at + COMMENT_HEAD.length()).split("\n")) {
                if (line.startsWith("# - ")) {
                    if (note != null) {
                        all.add(note.toString());
                    }
                    note = new StringBuilder(line.substring(4));
                } else if (line.startsWith("#   ") && note != null) {
                    note.append(' ').append(line.substring(4));
                } else if (!line.isEmpty()) {
                    break;
                }
            }
            if (note != null) {
                all.add(note.toString());
            }
        }
        all.addAll(notes);
        return List.copyOf(all);
    }

    /** The notes as comment lines on the first Job sluice generated (the migration); the stream as it was without one. */
    static List<Document> asComments(List<Document> docs, List<String> notes) {
        if (notes.isEmpty()) {
            return docs;
        }
        for (int i = 0; i < docs.size(); i++) {
            Document d = docs.get(i);
            if (d.generated() && d.kind().equals("Job")) {
                List<Document> out = new ArrayList<>(docs);
                out.set(i, d.withComment(comment(notes)));
                return out;
            }
        }
        return docs;
    }

    static String comment(List<String> notes) {
        StringBuilder out = new StringBuilder(COMMENT_HEAD);
        for (String note : notes) {
            String prefix = "# - ";
            for (String line : Answer.wrap(note.replace('\n', ' '), WIDTH)) {
                out.append('\n').append(prefix).append(line);
                prefix = "#   ";
            }
        }
        return out.toString();
    }

    /** One line a note, most important first, cut where a terminal line would be too long to read. */
    static String summary(List<String> lines) {
        StringBuilder out = new StringBuilder("sluice (Helm hides a post-renderer's stderr; the notes stay as comments on the"
                + " migration Job; -q silences this):\n");
        for (String line : lines) {
            String one = line.replace('\n', ' ');
            out.append("sluice:   ").append(one.length() > SUMMARY_WIDTH ? one.substring(0, SUMMARY_WIDTH - 3) + "..." : one).append('\n');
        }
        return out.toString();
    }

    /**
     * Does Helm run sluice, so that its stderr reaches no one? Helm 4 names the plugin it runs in HELM_PLUGIN_NAME;
     * Helm 3 runs a post-renderer as its own child and sets nothing, so Linux's /proc tells who the parent is.
     */
    static boolean helmRunsSluice(Io io) {
        return Helm4.plugin(io) || parentIsHelm(io);
    }

    private static boolean parentIsHelm(Io io) {
        if (io.in() != System.in) {
            return false; // in-process (tests): the parent is not this command's
        }
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            String parent = Files.readString(Path.of("/proc/" + fields[1] + "/comm"), StandardCharsets.UTF_8).strip();
            return parent.startsWith("helm");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
