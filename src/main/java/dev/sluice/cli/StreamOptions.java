package dev.sluice.cli;

import dev.sluice.krm.Input;
import dev.sluice.plan.PlanResolver;
import dev.sluice.stream.Document;
import dev.sluice.stream.YamlTrees;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The rendered stream: {@code -f FILE} or stdin; shared by render, plan, check and init. */
final class StreamOptions {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the stream from FILE instead of stdin.")
    Path input;

    /**
     * Reads and validates every document, so that nothing is written when any of them is bad; a ResourceList
     * ({@code kpt fn source}) gives its items.
     */
    List<Document> read(Io io) throws IOException {
        List<Document> docs = Input.read(bytes(io)).documents();
        YamlTrees.validateAll(docs, PlanResolver::mayHoldWorkload);
        KubernetesObjects.requireKindAndApiVersion(docs);
        return docs;
    }

    /** The stream's bytes; a directory, or a terminal on stdin (a person, not a pipe), is a usage error. */
    byte[] bytes(Io io) throws IOException {
        if (input != null) {
            if (Files.isDirectory(input)) {
                throw new UsageException("-f " + input + " is a directory; pass one rendered file (helm template"
                        + " shop ./chart > rendered.yaml, then -f rendered.yaml), or pipe the stream on stdin");
            }
            return Files.readAllBytes(input);
        }
        if (Terminal.stdinIsTerminal(io)) {
            throw new UsageException("sluice reads the rendered manifests on stdin, and stdin is a terminal:"
                    + " pipe them in (helm template shop ./chart | sluice ...) or pass -f rendered.yaml");
        }
        return io.in().readAllBytes();
    }
}
