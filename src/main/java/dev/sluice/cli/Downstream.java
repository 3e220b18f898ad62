package dev.sluice.cli;

import dev.sluice.weave.Hooks;
import dev.sluice.weave.Orchestrator;

/**
 * Who applies sluice's output, as the flags (or a KRM functionConfig) say: whether Helm hooks run as
 * hooks there, and whether a tool with its own ordering annotations (Argo CD, kapp) does the applying.
 */
record Downstream(Hooks hooks, Orchestrator orchestrator, boolean helm4) {

    /**
     * @param hooks  auto, honoured or ignored
     * @param helm4  the input came from Helm 4 (its post-renderer annotations are present)
     */
    static Downstream of(String hooks, boolean argocd, boolean kapp, boolean helm4) {
        if (argocd && kapp) {
            throw new UsageException("--argocd and --kapp exclude each other: one tool applies the output");
        }
        Orchestrator orchestrator = argocd ? Orchestrator.ARGO_CD : kapp ? Orchestrator.KAPP : Orchestrator.PLAIN;
        Hooks mode = switch (hooks == null ? "auto" : hooks) {
            case "auto" -> argocd || (helm4 && !kapp) ? Hooks.HONOURED : Hooks.IGNORED;
            case "honoured", "honored" -> Hooks.HONOURED;
            case "ignored" -> Hooks.IGNORED;
            default -> throw new UsageException("--hooks must be auto, honoured or ignored, not '" + hooks + "'");
        };
        if (kapp && mode == Hooks.HONOURED) {
            throw new UsageException("--kapp with --hooks=honoured: kapp does not run Helm hooks; drop --hooks");
        }
        if (argocd && mode == Hooks.IGNORED) {
            throw new UsageException("--argocd with --hooks=ignored: Argo CD runs hooks (sluice makes the migration a Sync"
                    + " hook); drop --hooks");
        }
        return new Downstream(mode, orchestrator, helm4 && orchestrator == Orchestrator.PLAIN);
    }

    /** A usage error found after parsing (exit code 2). */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
