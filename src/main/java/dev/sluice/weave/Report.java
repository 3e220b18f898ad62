package dev.sluice.weave;

import java.util.ArrayList;
import java.util.List;

/** What sluice tells the person on stderr: what it did and what differs from what they may expect. */
public final class Report {
    private final List<String> lines = new ArrayList<>();

    public void note(String line) {
        lines.add(line);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }
}
