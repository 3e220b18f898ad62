package dev.sluice;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Dependencies point one way: a package uses only packages below it, never one beside or above it (a back-arrow says a
 * type lives in the wrong room). Read from the sources' imports and fully qualified names, so no tool is needed.
 */
class DependencyDirectionTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/sluice");

    /** Each package's level: a package may use the packages of lower levels only. */
    static final Map<String, Integer> LEVELS = Map.ofEntries(
            Map.entry("stream", 0),
            Map.entry("kube", 1),
            Map.entry("plan", 2),
            // who applies the output (Helm hooks, plain apply, Argo CD, kapp): the weave and the timeline ask it
            Map.entry("downstream", 3),
            Map.entry("weave", 4),
            Map.entry("timeline", 5), Map.entry("check", 5), Map.entry("krm", 5), Map.entry("starter", 5), Map.entry("schema", 5),
            Map.entry("cli", 6));

    /** {@code import dev.sluice.x.Y}, {@code import static dev.sluice.x.Y.z}, or a qualified {@code dev.sluice.x.Y} in code. */
    private static final Pattern USE = Pattern.compile("\\bdev\\.sluice\\.([a-z]+)\\.[A-Z]");

    @Test
    void everyPackageHasALevel() throws IOException {
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            List<String> unplaced = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(p -> !LEVELS.containsKey(p)).sorted().toList();
            assertEquals(List.of(), unplaced, "place each new package in DependencyDirectionTest.LEVELS (and the README's map)");
        }
    }

    @Test
    void noPackageReachesSidewaysOrUp() throws IOException {
        List<String> backArrows = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String from = SOURCES.relativize(file).getName(0).toString();
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.startsWith("package ") || line.strip().startsWith("*") || line.strip().startsWith("//")) {
                        continue; // a javadoc {@link} or comment may name any type
                    }
                    Matcher use = USE.matcher(line);
                    while (use.find()) {
                        String to = use.group(1);
                        if (!to.equals(from) && !(LEVELS.getOrDefault(to, 99) < LEVELS.getOrDefault(from, -1))) {
                            backArrows.add(SOURCES.relativize(file) + ":" + (i + 1) + ": " + from + " -> " + to);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), backArrows, "a package uses only packages below it: " + new TreeSet<>(LEVELS.entrySet()
                .stream().map(e -> e.getValue() + " " + e.getKey()).toList()));
    }
}
