package dev.sluice.kube;

/**
 * Every annotation key, label, container, volume and environment name sluice reads or writes, spelled once (as
 * Helm keeps its hook keys in release/hook.go and kyaml in kioutil). Grouped by who owns the word.
 */
public final class Keys {
    // ---- Helm ----
    /** Helm's hook annotations (read as Helm reads them by {@link Hook}). */
    public static final String HOOK = "helm.sh/hook";
    public static final String HOOK_WEIGHT = "helm.sh/hook-weight";
    public static final String HOOK_DELETE_POLICY = "helm.sh/hook-delete-policy";
    /** Helm 4 names each document's template here (the {@code # Source:} comment of helm template); it marks Helm 4 input. */
    public static final String HELM4_FILENAME = "postrenderer.helm.sh/postrender-filename";

    // ---- Kubernetes and the recommended labels ----
    /** Set by the Job controller on a Job's pods. */
    public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    public static final String APP_NAME = "app.kubernetes.io/name";
    public static final String APP_INSTANCE = "app.kubernetes.io/instance";
    public static final String APP_COMPONENT = "app.kubernetes.io/component";
    public static final String APP_PART_OF = "app.kubernetes.io/part-of";
    public static final String APP_MANAGED_BY = "app.kubernetes.io/managed-by";

    // ---- Argo CD ----
    public static final String ARGO_HOOK = "argocd.argoproj.io/hook";
    public static final String ARGO_WAVE = "argocd.argoproj.io/sync-wave";
    public static final String ARGO_DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy";

    // ---- kapp ----
    public static final String KAPP_GROUP = "kapp.k14s.io/change-group";
    public static final String KAPP_RULE = "kapp.k14s.io/change-rule";

    // ---- kpt and kustomize (KRM functions) ----
    public static final String KPT_PATH = "config.kubernetes.io/path";
    public static final String KPT_INDEX = "config.kubernetes.io/index";
    public static final String KPT_INTERNAL_PATH = "internal.config.kubernetes.io/path";
    public static final String KPT_INTERNAL_INDEX = "internal.config.kubernetes.io/index";

    // ---- service meshes ----
    public static final String ISTIO_INJECT = "sidecar.istio.io/inject";
    public static final String ISTIO_NATIVE_SIDECAR = "sidecar.istio.io/nativeSidecar";
    public static final String LINKERD_INJECT = "linkerd.io/inject";
    public static final String LINKERD_NATIVE_SIDECAR = "config.beta.linkerd.io/proxy-enable-native-sidecar";

    // ---- sluice ----
    /** The plan's apiVersion. */
    public static final String API_VERSION = "sluice.dev/v1alpha1";
    /** The prefix of every sluice annotation and label. */
    public static final String PREFIX = "sluice.dev/";
    /** A chart's opt-in annotation on a workload, and the label on everything a plan generates: the plan's name. */
    public static final String PLAN = "sluice.dev/plan";
    /** On every object sluice adds: the plan that made it. */
    public static final String GENERATED = "sluice.dev/generated";
    /** The label that says what a generated object is for (migration, record, quiesce, restore...). */
    public static final String ROLE = "sluice.dev/role";
    /** Values of {@link #ROLE}: what sluice writes, and what the timeline and the KRM results read back. */
    public static final String ROLE_ACCESS = "access";
    public static final String ROLE_RECORD = "record";
    public static final String ROLE_MIGRATION = "migration";
    /** The Jobs of a strategy that stop the old pods (or wait for them), and their access. */
    public static final String ROLE_QUIESCE = "quiesce";
    /** The Job of strategy scale-down that gives the replicas back. */
    public static final String ROLE_RESTORE = "restore";
    public static final String ROLE_STEP_BEFORE = "step-before";
    public static final String ROLE_STEP_AFTER = "step-after";
    /** The label with the migration's content hash. */
    public static final String MIGRATION = "sluice.dev/migration";
    /** On the migration Job: the workload its pod was copied from. */
    public static final String SOURCE = "sluice.dev/source";
    /** On the migration Job: the init containers its pod kept. */
    public static final String INIT_CONTAINERS = "sluice.dev/init-containers";
    /** The readiness gate no one sets: the migration pod is never Ready, so no Service sends it traffic. */
    public static final String NEVER_READY = "sluice.dev/never-ready";
    /** On a chart's migration Job that a plan adopted. */
    public static final String ADOPTED_BY = "sluice.dev/adopted-by";

    // ---- the containers and volumes sluice injects ----
    /** sluice's gate: the first init container of every gated pod. */
    public static final String GATE_CONTAINER = "sluice-wait";
    /** The migration pod's first init container: it ends the pod when this migration is recorded already. */
    public static final String ONCE_CONTAINER = "sluice-once";
    /** The scale-down-without-hooks migration's init container that waits for the old pods. */
    public static final String OLD_PODS_CONTAINER = "sluice-old-pods";
    public static final String TOKEN_VOLUME = "sluice-token";
    public static final String TMP_VOLUME = "sluice-tmp";

    // ---- the environment sluice's scripts read ----
    public static final String ENV_MIGRATION = "SLUICE_MIGRATION";
    public static final String ENV_RECORD = "SLUICE_RECORD";
    public static final String ENV_JOB = "SLUICE_JOB";
    public static final String ENV_TIMEOUT = "SLUICE_TIMEOUT";
    public static final String ENV_STRATEGY = "SLUICE_STRATEGY";
    public static final String ENV_TARGETS = "SLUICE_TARGETS";
    public static final String ENV_POST_INSTALL = "SLUICE_POST_INSTALL";

    private Keys() {
    }
}
