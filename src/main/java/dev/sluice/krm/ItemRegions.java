package dev.sluice.krm;

import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where each item of a ResourceList is in the list's text, found from the parser events the list's tree
 * is built from (the same, single, read of the text): the items of a block-style top-level {@code items}
 * list, each a block mapping. An item runs from the line of its "-" to the line of the next one
 * (SnakeYAML's end marks can fall after the next "-", so the dashes are found in the text).
 */
final class ItemRegions implements Consumer<Event> {
    /**
     * An item in the list's text: from the line of its "-" to the next one; the column of its content;
     * whether it stands alone (no alias to an anchor outside it, no tag a %TAG directive of the list may define).
     */
    record Region(int start, int end, int column, boolean alone) {
    }

    private enum State { BEFORE, IN_ITEMS, FOUND, NONE }

    private State state = State.BEFORE;
    private boolean tagDirectives;
    /** Collections open outside the items list. */
    private int depth;
    /** Nodes seen directly in the top mapping: keys at even counts, values at odd. */
    private int topNodes;
    private boolean itemsKey;
    /** Collections open inside the items list: 0 between items. */
    private int itemDepth;
    /** [code point offset, column] of each item's content. */
    private final List<int[]> starts = new ArrayList<>();
    private final List<Boolean> alone = new ArrayList<>();
    private Set<String> anchors;
    private boolean itemAlone;
    private int end;

    @Override
    public void accept(Event e) {
        if (state == State.FOUND || state == State.NONE) {
            return;
        }
        if (state == State.IN_ITEMS) {
            item(e);
            return;
        }
        if (e instanceof DocumentStartEvent start && start.getTags() != null && !start.getTags().isEmpty()) {
            tagDirectives = true;
        }
        if (e instanceof NodeEvent && depth == 0 && (!(e instanceof MappingStartEvent top) || top.isFlow())) {
            state = State.NONE;
            return;
        }
        if (e instanceof NodeEvent && depth == 1) {
            if (topNodes++ % 2 == 0) {
                if (!(e instanceof ScalarEvent key)) {
                    state = State.NONE;
                    return;
                }
                itemsKey = key.getValue().equals("items");
            } else if (itemsKey) {
                state = e instanceof SequenceStartEvent seq && !seq.isFlow() ? State.IN_ITEMS : State.NONE;
                return;
            }
        }
        if (e instanceof CollectionStartEvent) {
            depth++;
        } else if (e instanceof CollectionEndEvent && --depth == 0) {
            state = State.NONE;
        }
    }

    private void item(Event e) {
        if (itemDepth == 0) {
            if (e instanceof CollectionEndEvent) {
                end = e.getStartMark().getIndex();
                state = State.FOUND;
                return;
            }
            if (!(e instanceof MappingStartEvent m) || m.isFlow()) {
                state = State.NONE;
                return;
            }
            starts.add(new int[]{e.getStartMark().getIndex(), e.getStartMark().getColumn()});
            anchors = new HashSet<>();
            itemAlone = true;
        }
        if (e instanceof AliasEvent alias) {
            itemAlone &= anchors.contains(alias.getAnchor());
        } else if (e instanceof NodeEvent node && node.getAnchor() != null) {
            anchors.add(node.getAnchor());
        }
        if (tagDirectives && (e instanceof ScalarEvent s && s.getTag() != null
                || e instanceof CollectionStartEvent c && c.getTag() != null)) {
            itemAlone = false;
        }
        if (e instanceof CollectionStartEvent) {
            itemDepth++;
        } else if (e instanceof CollectionEndEvent && --itemDepth == 0) {
            alone.add(itemAlone);
        }
    }

    /** The regions in {@code text}, the text of the events seen; null when the list has no block-style items as described. */
    List<Region> in(String text) {
        if (state != State.FOUND) {
            return null;
        }
        int last = end;
        if (last < text.length() && text.substring(lineStart(text, last), last).isBlank()) {
            last = lineStart(text, last);
        }
        List<Integer> dashes = new ArrayList<>();
        for (int[] start : starts) {
            int dash = dashLine(text, start[0]);
            if (dash < 0) {
                return null;
            }
            dashes.add(dash);
        }
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int to = i + 1 < starts.size() ? dashes.get(i + 1) : last;
            regions.add(new Region(dashes.get(i), to, starts.get(i)[1], alone.get(i)));
        }
        return regions;
    }

    private static int lineStart(String text, int at) {
        return text.lastIndexOf('\n', at - 1) + 1;
    }

    /** The start of the line holding the "-" an item's content (at {@code at}) follows; -1 if not found. */
    static int dashLine(String text, int at) {
        int line = lineStart(text, at);
        String before = text.substring(line, at);
        if (before.strip().startsWith("-")) {
            return line;
        }
        if (!before.isBlank()) {
            return -1;
        }
        while (line > 0) {
            line = lineStart(text, line - 1);
            int eol = text.indexOf('\n', line);
            String l = text.substring(line, eol < 0 ? text.length() : eol).strip();
            if (l.equals("-") || l.startsWith("- ") || l.startsWith("-#") || l.startsWith("-\t")) {
                return line;
            }
            if (!l.isEmpty() && !l.startsWith("#")) {
                return -1;
            }
        }
        return -1;
    }
}
