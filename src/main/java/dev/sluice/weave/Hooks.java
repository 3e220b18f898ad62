package dev.sluice.weave;

/** Whether whoever applies the output runs Helm hooks as hooks. */
public enum Hooks {
    /** Helm 4, or helm template for Argo CD: hooks run first, in weight order. */
    HONOURED,
    /** Helm 3's post-renderer, kubectl apply: hook annotations are ignored; everything is a release resource. */
    IGNORED
}
