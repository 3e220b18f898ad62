package dev.sluice.weave;

/** Who applies the woven output, when it orders objects with annotations of its own rather than Helm's hooks. */
public enum Orchestrator {
    /** Helm, kubectl apply, kpt: the output as the weave made it. */
    PLAIN,
    /** Argo CD: hook, sync-wave and delete-policy annotations of its own. */
    ARGO_CD,
    /** kapp: change groups and change rules. */
    KAPP
}
