package dev.sluice.cli;

import dev.sluice.plan.PlanResolver;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamReader;
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

    /** Reads and validates every document, so that nothing is written when any of them is bad. */
    List<Document> read(Io io) throws IOException {
        byte[] bytes = input != null ? Files.readAllBytes(input) : io.in().readAllBytes();
        List<Document> docs = StreamReader.read(bytes);
        YamlTrees.validateAll(docs, PlanResolver::mayHoldWorkload);
        return docs;
    }
}
