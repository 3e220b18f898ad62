package dev.sluice.timeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The timeline as a Mermaid flowchart to paste into a pull request: steps top to bottom, hooks and
 * the release in their own boxes, rollouts side by side, and a dotted arrow from each step to what
 * its failure means.
 */
public final class MermaidTimeline {
    private static final int LABEL_WIDTH = 46;

    private MermaidTimeline() {
    }

    public static String render(Timeline t) {
        StringBuilder out = new StringBuilder();
        out.append("---\ntitle: ").append(t.order().run()).append(" with sluice (hooks ")
                .append(t.hooks()).append(")\nconfig:\n  flowchart:\n    wrappingWidth: 360\n---\n");
        out.append("flowchart TD\n");
        List<List<Step>> groups = new ArrayList<>();
        Stage previous = null;
        for (Step s : t.steps()) {
            Stage stage = s.stage() == Stage.MIGRATION ? Stage.ROLLOUT : s.stage();
            if (stage != previous) {
                groups.add(new ArrayList<>());
                previous = stage;
            }
            groups.get(groups.size() - 1).add(s);
        }
        for (int g = 0; g < groups.size(); g++) {
            List<Step> group = groups.get(g);
            Stage stage = group.get(0).stage() == Stage.MIGRATION ? Stage.ROLLOUT : group.get(0).stage();
            out.append("  subgraph g").append(g).append("[\"").append(escape(title(stage, t))).append("\"]\n");
            if (stage == Stage.ROLLOUT) {
                out.append("    direction LR\n");
            }
            for (Step s : group) {
                out.append("    s").append(s.number()).append("[\"").append(label(s, t)).append("\"]\n");
            }
            out.append("  end\n");
        }
        for (int g = 0; g < groups.size(); g++) {
            List<Step> group = groups.get(g);
            Stage stage = group.get(0).stage() == Stage.MIGRATION ? Stage.ROLLOUT : group.get(0).stage();
            if (stage != Stage.ROLLOUT) {
                for (int i = 1; i < group.size(); i++) {
                    out.append("  s").append(group.get(i - 1).number()).append(" --> s").append(group.get(i).number()).append('\n');
                }
            }
            if (g + 1 < groups.size()) {
                List<Step> next = groups.get(g + 1);
                Stage nextStage = next.get(0).stage() == Stage.MIGRATION ? Stage.ROLLOUT : next.get(0).stage();
                List<Step> from = stage == Stage.ROLLOUT ? group : List.of(group.get(group.size() - 1));
                List<Step> to = nextStage == Stage.ROLLOUT ? next : List.of(next.get(0));
                for (Step a : from) {
                    for (Step b : to) {
                        out.append("  s").append(a.number()).append(" --> s").append(b.number()).append('\n');
                    }
                }
            }
        }
        for (Step s : t.steps()) {
            if (s.gate() != null && migratedAt(t, s) == 0) {
                t.steps().stream().filter(m -> m.kind().equals("Job") && m.name().equals(s.gate().job())).findFirst()
                        .ifPresent(m -> out.append("  s").append(s.number()).append(" -. waits for .-> s").append(m.number()).append('\n'));
            }
        }
        for (Step s : t.steps()) {
            out.append("  s").append(s.number()).append(" -. fails .-> f").append(s.number()).append("[\"")
                    .append(wrap(escape(s.onFailure()))).append("\"]\n");
        }
        out.append("  classDef failure fill:#fdecea,stroke:#c0392b,color:#7b241c\n");
        out.append("  classDef sluice fill:#e8f4fd,stroke:#2e86c1\n");
        List<String> failures = new ArrayList<>();
        List<String> sluice = new ArrayList<>();
        for (Step s : t.steps()) {
            failures.add("f" + s.number());
            if (s.plan() != null) {
                sluice.add("s" + s.number());
            }
        }
        out.append("  class ").append(String.join(",", failures)).append(" failure\n");
        if (!sluice.isEmpty()) {
            out.append("  class ").append(String.join(",", sluice)).append(" sluice\n");
        }
        return out.toString();
    }

    private static String title(Stage stage, Timeline t) {
        return switch (stage) {
            case HOOKS_BEFORE -> t.order().beforeTitle();
            case APPLY -> t.order().applyTitle();
            case WAITED -> t.order().waitedTitle();
            case MIGRATION, ROLLOUT -> "in parallel";
            case HOOKS_AFTER -> t.order().afterTitle();
        };
    }

    /** The hook step that ran the Job this rollout's gate waits for, or 0 when it runs beside the rollout. */
    private static int migratedAt(Timeline t, Step rollout) {
        return t.steps().stream().filter(m -> (m.stage() == Stage.HOOKS_BEFORE || m.stage() == Stage.WAITED) && m.kind().equals("Job")
                && m.name().equals(rollout.gate().job())).mapToInt(Step::number).findFirst().orElse(0);
    }

    private static String label(Step s, Timeline t) {
        StringBuilder head = new StringBuilder().append(s.number()).append(". ").append(s.stage().word());
        if (s.weight() != null) {
            head.append(", ").append(t.order().place()).append(' ').append(s.weight());
        }
        String what = s.kind().isEmpty() ? s.objects().size() + (s.objects().size() == 1 ? " object" : " objects") : s.kindName();
        String detail = s.gate() != null
                ? migratedAt(t, s) > 0 ? "gate " + s.gate().container() + " passes at once: the migration ran at step " + migratedAt(t, s)
                : "new pods wait in " + s.gate().container() + " for Job " + s.gate().job() + " (at most " + s.gate().timeoutSeconds() + "s)"
                : s.stage() == Stage.APPLY ? "" : firstSentence(s.action());
        return "<b>" + escape(head.toString()) + "</b><br/>" + escape(what) + (detail.isEmpty() ? "" : "<br/>" + wrap(escape(detail)));
    }

    private static String firstSentence(String text) {
        int dot = text.indexOf(". ");
        return dot < 0 ? text : text.substring(0, dot + 1);
    }

    /** Mermaid entity codes for what would end or confuse a quoted label. */
    static String escape(String text) {
        return text.replace("#", "#35;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }

    private static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        int line = 0;
        for (String word : text.split(" ")) {
            if (line > 0 && line + 1 + word.length() > LABEL_WIDTH) {
                out.append("<br/>");
                line = 0;
            } else if (line > 0) {
                out.append(' ');
                line++;
            }
            out.append(word);
            line += word.length();
        }
        return out.toString();
    }
}
