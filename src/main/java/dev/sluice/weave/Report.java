package dev.sluice.weave;

import java.util.ArrayList;
import java.util.List;

/** What sluice tells the person: what differs from what they may expect (notes), and what it did. */
public final class Report implements dev.sluice.downstream.Downstream.Notes {
    /** A note is a caveat: something that differs from what the person may expect; {@code DONE} says what sluice did. */
    public enum Kind { NOTE, DONE }

    public record Line(Kind kind, String text) {
    }

    private final List<Line> lines = new ArrayList<>();

    /** Something that differs from what the person may expect (a changed setting, a limit of the door...). */
    @Override
    public void note(String line) {
        lines.add(new Line(Kind.NOTE, line));
    }

    /** What sluice did, for the record. */
    @Override
    public void done(String line) {
        lines.add(new Line(Kind.DONE, line));
    }

    public void add(Line line) {
        lines.add(line);
    }

    /** Every line, in the order the weave said them. */
    public List<String> lines() {
        return lines.stream().map(Line::text).toList();
    }

    public List<Line> entries() {
        return List.copyOf(lines);
    }

    /** The notes only: what {@code --fail-on-notes} fails on. */
    public List<String> notes() {
        return lines.stream().filter(l -> l.kind() == Kind.NOTE).map(Line::text).toList();
    }

    /** Most important first: the notes, then what sluice did. */
    public List<String> byImportance() {
        List<String> out = new ArrayList<>(notes());
        lines.stream().filter(l -> l.kind() == Kind.DONE).map(Line::text).forEach(out::add);
        return out;
    }
}
