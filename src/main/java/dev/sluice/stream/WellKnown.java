package dev.sluice.stream;

/**
 * The annotation keys, labels and container names sluice reads or writes in more than one package, spelled
 * once (as Helm keeps its hook keys in release/hook.go and kyaml in kioutil). Names only one step uses live
 * with that step.
 */
public final class WellKnown {
    /** Helm 4 names each document's template here (the {@code # Source:} comment of helm template); it marks Helm 4 input. */
    public static final String HELM4_FILENAME = "postrenderer.helm.sh/postrender-filename";
    /** Helm's hook annotations (read as Helm reads them by {@code dev.sluice.check.Hook}). */
    public static final String HOOK = "helm.sh/hook";
    public static final String HOOK_WEIGHT = "helm.sh/hook-weight";
    public static final String HOOK_DELETE_POLICY = "helm.sh/hook-delete-policy";
    /** A chart's opt-in annotation on a workload, and the label on everything a plan generates: the plan's name. */
    public static final String PLAN = "sluice.dev/plan";
    /** On every object sluice adds: the plan that made it. */
    public static final String GENERATED = "sluice.dev/generated";
    /** The label that says what a generated object is for (migration, record, quiesce, restore...). */
    public static final String ROLE = "sluice.dev/role";
    /** The label with the migration's content hash. */
    public static final String MIGRATION = "sluice.dev/migration";

    /** sluice's gate: the first init container of every gated pod. */
    public static final String GATE_CONTAINER = "sluice-wait";

    private WellKnown() {
    }
}
