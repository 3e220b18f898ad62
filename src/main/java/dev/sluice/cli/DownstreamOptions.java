package dev.sluice.cli;

import dev.sluice.downstream.Downstream;
import dev.sluice.plan.PlanException;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** Who applies the output: the same options for render and plan, chosen once by {@link Downstream#of}. */
final class DownstreamOptions {
    /** --hooks when not given (also the field's own value, for a line read without picocli: PlainLine). */
    static final String HOOKS_DEFAULT = "auto";

    @Option(names = "--hooks", paramLabel = "MODE", defaultValue = HOOKS_DEFAULT, completionCandidates = DownstreamOptions.Modes.class,
            description = "Are Helm hooks run as hooks downstream? auto (honoured when the input comes from Helm 4), honoured (Helm 4, Argo CD), ignored (Helm 3 post-renderer, kubectl apply).")
    String hooks = HOOKS_DEFAULT;

    @Option(names = "--argocd",
            description = "Argo CD applies the output: the migration runs as a Sync hook in a sync wave after the objects it needs, so a first sync works; implies --hooks=honoured.")
    boolean argocd;

    @Option(names = "--kapp",
            description = "kapp applies the output: change groups and rules order sluice's RBAC, then the migration Job (kapp waits for it), then the gated workloads.")
    boolean kapp;

    /** The same choice as a KRM functionConfig ConfigMap's keys. */
    static final List<String> KEYS = List.of("hooks", "argocd", "kapp");

    /** These options, with a functionConfig ConfigMap's keys ({@link #KEYS}) over them. */
    DownstreamOptions with(Map<String, String> config) {
        DownstreamOptions merged = new DownstreamOptions();
        merged.hooks = config.getOrDefault("hooks", hooks);
        merged.argocd = argocd || flag(config, "argocd");
        merged.kapp = kapp || flag(config, "kapp");
        return merged;
    }

    private static boolean flag(Map<String, String> config, String key) {
        String v = config.get(key);
        if (v == null) {
            return false;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "" -> true;
            case "false", "no", "0" -> false;
            default -> throw new PlanException("functionConfig ConfigMap: " + key + " must be true or false, not '" + v + "'");
        };
    }

    static final class Modes extends java.util.ArrayList<String> {
        Modes() {
            super(java.util.List.of("auto", "honoured", "ignored"));
        }
    }

    Downstream choose(boolean helm4) {
        return Downstream.of(hooks, argocd, kapp, helm4);
    }
}
