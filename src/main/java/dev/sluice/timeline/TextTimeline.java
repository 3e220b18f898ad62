package dev.sluice.timeline;

import java.util.ArrayList;
import java.util.List;

/** The timeline for a terminal: numbered steps, wrapped to a width, colour only when asked for. */
public final class TextTimeline {
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[31m";
    private static final String CYAN = "\u001b[36m";
    private static final String RESET = "\u001b[0m";
    private static final String INDENT = "    ";

    private final int width;
    private final boolean colour;
    private final StringBuilder out = new StringBuilder();

    private TextTimeline(int width, boolean colour) {
        this.width = width;
        this.colour = colour;
    }

    public static String render(Timeline t, int width, boolean colour) {
        return new TextTimeline(width, colour).write(t);
    }

    private String write(Timeline t) {
        line(paint(BOLD, "sluice plan: " + t.order().run() + ", step by step"));
        paragraph("", "", t.runner());
        out.append('\n');
        for (Step s : t.steps()) {
            String number = String.format("%2d", s.number());
            StringBuilder head = new StringBuilder(paint(BOLD, number)).append("  ").append(paint(CYAN, s.stage().word()));
            if (s.weight() != null) {
                head.append(", ").append(t.order().place()).append(' ').append(s.weight());
            }
            if (!s.kind().isEmpty()) {
                head.append("  ").append(paint(BOLD, s.kindName()));
            }
            paragraph("", INDENT, head.toString());
            paragraph(INDENT, INDENT, (s.plan() != null ? paint(DIM, "[sluice, plan " + s.plan() + "]") + " " : "") + s.action());
            if (!s.objects().isEmpty()) {
                paragraph(INDENT, INDENT + "  ", paint(DIM, "objects: ") + String.join(", ", s.objects()));
            }
            paragraph(INDENT, INDENT + "  ", paint(RED, "on failure:") + " " + s.onFailure()
                    + (s.failureDetail().isEmpty() ? "" : " (" + s.failureDetail() + ")"));
        }
        if (!t.notes().isEmpty()) {
            out.append('\n');
            line(paint(BOLD, "Notes"));
            for (String note : t.notes()) {
                paragraph("  - ", "    ", note);
            }
        }
        return out.toString();
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    /** Words wrapped to the width, the first line after {@code first}, the others after {@code rest}; escapes take no room. */
    private void paragraph(String first, String rest, String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder(first);
        int visible = first.length();
        boolean empty = true;
        for (String word : text.split(" ")) {
            int length = visibleLength(word);
            if (!empty && visible + 1 + length > width) {
                lines.add(current.toString());
                current = new StringBuilder(rest);
                visible = rest.length();
                empty = true;
            }
            if (!empty) {
                current.append(' ');
                visible++;
            }
            current.append(word);
            visible += length;
            empty = false;
        }
        lines.add(current.toString());
        lines.forEach(this::line);
    }

    private static int visibleLength(String word) {
        return word.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }
}
