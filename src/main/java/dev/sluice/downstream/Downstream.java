package dev.sluice.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.Strategy;
import dev.sluice.stream.Document;
import dev.sluice.plan.Workload;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who applies sluice's output, chosen once from the flags (or a KRM functionConfig): Helm running hooks, a plain apply
 * that ignores them, Argo CD, or kapp. Each writes its own annotations on what the weave makes, says its own notes, and
 * tells the timeline how it orders the work.
 */
public sealed interface Downstream permits HelmHooks, PlainApply, ArgoCd, Kapp {

    /**
     * @param hooks  auto, honoured or ignored (null: auto)
     * @param helm4  the input came from Helm 4 (its post-renderer annotations are present)
     */
    static Downstream of(String hooks, boolean argocd, boolean kapp, boolean helm4) {
        if (argocd && kapp) {
            throw new Refused("--argocd and --kapp exclude each other: one tool applies the output");
        }
        boolean honoured = switch (hooks == null ? "auto" : hooks) {
            case "auto" -> argocd || (helm4 && !kapp);
            case "honoured", "honored" -> true;
            case "ignored" -> false;
            default -> throw new Refused("--hooks must be auto, honoured or ignored, not '" + hooks + "'");
        };
        if (kapp && honoured) {
            throw new Refused("--kapp with --hooks=honoured: kapp does not run Helm hooks; drop --hooks");
        }
        if (argocd && !honoured) {
            throw new Refused("--argocd with --hooks=ignored: Argo CD runs hooks (sluice makes the migration a Sync"
                    + " hook); drop --hooks");
        }
        if (argocd) {
            return new ArgoCd();
        }
        if (kapp) {
            return new Kapp();
        }
        return honoured ? new HelmHooks(helm4) : new PlainApply(helm4);
    }

    /** Whether Helm hooks run as hooks there (sluice's Jobs before the release, one at a time), or are ignored. */
    boolean runsHooks();

    /** Whether Helm 4 takes the output back: sluice writes its per-document file annotations. */
    default boolean helm4() {
        return false;
    }

    /** Whether sluice's hooks share Helm's weight order with the chart's own hooks (so their order is sluice's to keep). */
    default boolean ordersWithChartHooks() {
        return false;
    }

    /** Whether sluice copies what the migration uses as pre-install hooks, so a first install can run it (Helm 4). */
    default boolean makesFirstInstallCopies() {
        return false;
    }

    /** Whether sluice's Jobs may delete themselves once finished (ttlSecondsAfterFinished). */
    default boolean finishedJobsExpire() {
        return true;
    }

    /**
     * The annotations an object sluice makes is built with (Built.metadata sorts them): sluice's own ({@code own}), and
     * Helm's hook keys where Helm runs hooks.
     */
    default Map<String, String> annotations(Made made, Map<String, String> own) {
        return own;
    }

    /** Once the object is built: this downstream's own ordering annotations, after sluice's ({@code annotations}). */
    default void annotate(Made made, ObjectNode annotations) {
    }

    /** The comment the migration Job carries in the output, where Helm would not show why it runs where it does. */
    default Optional<String> migrationJobComment(String plan, boolean oldPodsStopByRollout) {
        return Optional.empty();
    }

    /** A note said once per run, when the weave starts its first plan. */
    default Optional<String> firstNote() {
        return Optional.empty();
    }

    /** Refuses a plan this downstream cannot carry out, before anything is woven. */
    default void check(String plan, Strategy strategy) {
    }

    /**
     * Once a plan is woven: orders the chart's objects around what sluice made for it ({@code made}, in order), where
     * this downstream orders objects itself, and says how.
     *
     * @param stream   the chart's documents
     * @param targets  the plan's gated workloads
     * @param job      the Job the gates wait for
     * @param wave     the wave of what sluice's Jobs need from the chart (Argo CD)
     */
    default void woven(String plan, List<Document> made, List<Document> stream, List<Workload> targets, String job, long wave,
                       Notes notes) {
    }

    /** What a command says about the run on stderr (or a KRM function in its results), beside the weave's notes. */
    default Optional<String> runNote(boolean krm) {
        return Optional.empty();
    }

    /** Who runs the work in the timeline's order, and how, in words. */
    String runner();

    /** How the timeline orders and words an upgrade ({@code event}: upgrade or install) here. */
    Order order(String event);

    /**
     * The release's objects in the batches this downstream applies them in, each done before the next; empty where it
     * applies them all at once (Helm, a plain apply).
     *
     * @param annotations  an object's annotations
     * @param kind         an object's kind
     */
    default <T> List<Batch<T>> batches(List<T> release, Function<T, JsonNode> annotations, Function<T, String> kind) {
        return List.of();
    }

    /** Where a downstream's notes go: the weave's report. */
    interface Notes {
        void note(String line);

        void done(String line);
    }

    /** The flags or functionConfig name no way of applying the output, or contradict each other: a usage error. */
    final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
