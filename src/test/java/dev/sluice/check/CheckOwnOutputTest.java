package dev.sluice.check;

import dev.sluice.ScriptBlocks;
import dev.sluice.kube.Severity;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanLoader;
import dev.sluice.stream.StreamReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice check --strict} passes sluice's own output: on every successful golden case's expected stream, with the
 * case's plan, check finds no error and no warning that it did not already find in the case's input (those are the
 * chart's own: Ory's hooks tied at weight 0, Mastodon's db-prepare Job that Helm runs before the Secret it uses). The
 * cases below keep a finding on purpose; each is listed with its rules, exactly, and why. A golden's script placeholders
 * are read back as the scripts ({@link ScriptBlocks#output}): check reads what sluice wrote.
 */
class CheckOwnOutputTest {
    static final Path TESTDATA = Path.of(System.getProperty("sluice.testdata", "testdata"));

    /** Case: the rules its output is expected to add, and why sluice cannot (or must not) do otherwise. */
    static final Map<String, Set<String>> KEPT = Map.of(
            // --hooks=honoured outside Helm 4 (helm template for Argo CD without --argocd): Argo CD maps pre-install to
            // PreSync, run on every sync, so no first-install copies are made (a copy and the release object would be one
            // object to Argo CD); sluice says so on stderr, and --argocd orders the first sync with waves instead
            "delete-strategy", Set.of("SLU007"),
            "hooks-honoured-flag", Set.of("SLU007"),
            "scale-down-steps", Set.of("SLU007"),
            // the user asked for a gate shorter than the migration's deadline (--wait-timeout 600, wait.timeoutSeconds 300)
            "quick-flags", Set.of("SLU009"),
            "two-plans", Set.of("SLU009"),
            // the plan chooses the init containers (spec.migration.pod.initContainers) and leaves out copy-assets, which
            // fills a volume the migration mounts: SLU011 says what that choice costs
            "migration-pod-overrides", Set.of("SLU011"));

    @TestFactory
    Stream<DynamicTest> sluiceOutputAddsNoFinding() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(TESTDATA)) {
            cases = s.filter(d -> Files.exists(d.resolve("expected.yaml")) || Files.exists(d.resolve("expected.bytes.yaml")))
                    .sorted().toList();
        }
        assertTrue(cases.size() > 20, "golden success cases under " + TESTDATA.toAbsolutePath());
        assertTrue(cases.stream().map(d -> d.getFileName().toString()).collect(Collectors.toSet()).containsAll(KEPT.keySet()),
                "every case listed in KEPT exists: " + KEPT.keySet());
        return cases.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> {
            Path out = Files.exists(d.resolve("expected.yaml")) ? d.resolve("expected.yaml") : d.resolve("expected.bytes.yaml");
            Path in = Files.exists(d.resolve("input.bin")) ? d.resolve("input.bin") : d.resolve("input.yaml");
            List<MigrationPlan> plans = Files.exists(d.resolve("plan.yaml")) ? PlanLoader.load(d.resolve("plan.yaml")) : List.of();
            Set<String> chart = strict(Checks.check(StreamReader.read(Files.readAllBytes(in)), plans)).stream()
                    .map(CheckOwnOutputTest::key).collect(Collectors.toSet());
            List<Finding> added = strict(Checks.check(StreamReader.read(ScriptBlocks.output(out).getBytes(StandardCharsets.UTF_8)), plans)).stream()
                    .filter(f -> !chart.contains(key(f))).toList();
            Set<String> rules = added.stream().map(Finding::rule).collect(Collectors.toCollection(TreeSet::new));
            String name = d.getFileName().toString();
            assertEquals(KEPT.getOrDefault(name, Set.of()), rules, "sluice check --strict on sluice's output of " + d
                    + " finds what its input did not have:\n" + added.stream().map(Finding::line).collect(Collectors.joining("\n")));
        }));
    }

    private static List<Finding> strict(List<Finding> findings) {
        return findings.stream().filter(f -> f.severity() != Severity.INFO).toList();
    }

    /** The same finding on the input and on the output: same rule, object and field (document numbers shift). */
    private static String key(Finding f) {
        return f.rule() + " " + f.resource().kindName() + " " + f.resource().namespace() + " " + f.field() + " " + f.severity();
    }

    /**
     * SLU011 (a warning) finds nothing on sluice's own migration Jobs: they take the app's init containers that fill the volumes
     * they mount (real-ghost's prepare-base-dir, the example chart's copy-assets) and its native sidecars; except where the
     * plan itself leaves one out (listed in {@link #KEPT}).
     */
    @TestFactory
    Stream<DynamicTest> sluiceMigrationJobsAreLikeTheirAppPods() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(TESTDATA)) {
            cases = s.filter(d -> Files.exists(d.resolve("expected.yaml"))).sorted().toList();
        }
        return cases.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> {
            List<MigrationPlan> plans = Files.exists(d.resolve("plan.yaml")) ? PlanLoader.load(d.resolve("plan.yaml")) : List.of();
            List<String> found = Checks.check(StreamReader.read(ScriptBlocks.output(d.resolve("expected.yaml")).getBytes(StandardCharsets.UTF_8)), plans).stream()
                    .filter(f -> f.rule().equals("SLU011") && !KEPT.getOrDefault(d.getFileName().toString(), Set.of()).contains("SLU011"))
                    .map(Finding::line).toList();
            assertEquals(List.of(), found, "SLU011 on sluice's output of " + d);
        }));
    }
}
