package dev.sluice.weave;

/** What sluice uses where the plan says nothing. */
public final class Defaults {
    /** The official kubectl image; it has a shell (bash, sh) since Kubernetes 1.28. */
    public static final String GATE_IMAGE = "registry.k8s.io/kubectl:v1.35.0";
    public static final int WAIT_TIMEOUT_SECONDS = 900;
    public static final int BACKOFF_LIMIT = 0;
    public static final long ACTIVE_DEADLINE_SECONDS = 900;
    public static final int TTL_SECONDS_AFTER_FINISHED = 86400;
    public static final String MAX_SURGE = "25%";
    /** A UID with no account in the image: Pod Security "restricted" wants non-root. */
    public static final long NON_ROOT_UID = 65532;

    private Defaults() {
    }
}
