package dev.sluice.cli;

import dev.sluice.stream.Document;
import dev.sluice.stream.StreamReader;
import dev.sluice.stream.YamlTrees;
import dev.sluice.weave.Hooks;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The rendered stream ({@code -f} or stdin) and how its consumer treats Helm hooks; shared by render, plan and check. */
final class StreamOptions {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the stream from FILE instead of stdin.")
    Path input;

    @Option(names = "--hooks", paramLabel = "MODE", defaultValue = "auto",
            description = "Are Helm hooks run as hooks downstream? auto (honoured when the input comes from Helm 4), honoured (Helm 4, Argo CD), ignored (Helm 3 post-renderer, kubectl apply).")
    String hooks;

    /** Reads and validates every document, so that nothing is written when any of them is bad. */
    List<Document> read(Io io) throws IOException {
        byte[] bytes = input != null ? Files.readAllBytes(input) : io.in().readAllBytes();
        List<Document> docs = StreamReader.read(bytes);
        for (Document doc : docs) {
            YamlTrees.validate(doc);
        }
        return docs;
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
