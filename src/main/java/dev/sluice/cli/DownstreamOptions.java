package dev.sluice.cli;

import dev.sluice.downstream.Downstream;
import picocli.CommandLine.Option;

/** Who applies the output: the same options for render and plan, chosen once by {@link Downstream#of}. */
final class DownstreamOptions {
    @Option(names = "--hooks", paramLabel = "MODE", defaultValue = "auto", completionCandidates = DownstreamOptions.Modes.class,
            description = "Are Helm hooks run as hooks downstream? auto (honoured when the input comes from Helm 4), honoured (Helm 4, Argo CD), ignored (Helm 3 post-renderer, kubectl apply).")
    String hooks;

    @Option(names = "--argocd",
            description = "Argo CD applies the output: the migration runs as a Sync hook in a sync wave after the objects it needs, so a first sync works; implies --hooks=honoured.")
    boolean argocd;

    @Option(names = "--kapp",
            description = "kapp applies the output: change groups and rules order sluice's RBAC, then the migration Job (kapp waits for it), then the gated workloads.")
    boolean kapp;

    static final class Modes extends java.util.ArrayList<String> {
        Modes() {
            super(java.util.List.of("auto", "honoured", "ignored"));
        }
    }

    Downstream choose(boolean helm4) {
        return Downstream.of(hooks, argocd, kapp, helm4);
    }
}
