package dev.sluice.cli;

import dev.sluice.weave.Hooks;
import picocli.CommandLine.Option;

/** Whether whoever applies the output runs Helm hooks; shared by render and plan. */
final class HookOptions {
    @Option(names = "--hooks", paramLabel = "MODE", defaultValue = "auto", completionCandidates = HookOptions.Modes.class,
            description = "Are Helm hooks run as hooks downstream? auto (honoured when the input comes from Helm 4), honoured (Helm 4, Argo CD), ignored (Helm 3 post-renderer, kubectl apply).")
    String hooks;

    static final class Modes extends java.util.ArrayList<String> {
        Modes() {
            super(java.util.List.of("auto", "honoured", "ignored"));
        }
    }

    Hooks mode(boolean helm4) {
        return switch (hooks) {
            case "auto" -> helm4 ? Hooks.HONOURED : Hooks.IGNORED;
            case "honoured", "honored" -> Hooks.HONOURED;
            case "ignored" -> Hooks.IGNORED;
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--hooks must be auto, honoured or ignored, not '" + hooks + "'");
        };
    }
}
