package dev.sluice.it;

import dev.sluice.it.Tools.HelmHome;
import dev.sluice.it.Tools.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Helm 3 and Helm 4 swallow a successful post-renderer's stderr, even on a terminal. Run by the real Helms under a
 * pseudo-terminal ({@code script}), sluice's notes reach the terminal, stay as comments in what Helm keeps, and
 * {@code --fail-on-notes} fails the run with them. The chart is charts-example with a Recreate strategy (a note).
 */
class NotesUnderHelmIT {
    private static final String NOTE = "Deployment/shop-api: strategy Recreate replaced by RollingUpdate";

    @TempDir
    static Path tmp;
    static Path chart;

    @BeforeAll
    static void recreateChart() throws IOException {
        Tools.assertBuilt();
        chart = tmp.resolve("chart");
        copy(Tools.CHART, chart);
        Path api = chart.resolve("templates/deployment-api.yaml");
        String text = Files.readString(api);
        String rolling = "  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 25%\n";
        assertTrue(text.contains(rolling), "charts-example's api strategy block");
        Files.writeString(api, text.replace(rolling, "  strategy:\n    type: Recreate\n"));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Runs a helm command line under a pseudo-terminal; the terminal's text (stdout and /dev/tty) is in the log. */
    private static String underTerminal(HelmHome helm, String name, List<String> args) throws IOException {
        Path log = tmp.resolve(name + ".log");
        List<String> line = new ArrayList<>(List.of(helm.binary().toString()));
        line.addAll(args);
        StringBuilder quoted = new StringBuilder();
        for (String word : line) {
            quoted.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        Result run = Tools.run(List.of("script", "-qec", quoted.toString().strip() + " 2>&1", log.toString()), helm.env(), null);
        assertTrue(Files.exists(log), "script ran (util-linux):\n" + run.describe());
        return Files.readString(log).replace("\r\n", "\n");
    }

    private static List<String> helm3Template(String... more) {
        List<String> args = new ArrayList<>(List.of("template", "shop", chart.toString(), "--post-renderer", Tools.LAUNCHER.toString(),
                "--post-renderer-args=--config=" + Tools.PLAN));
        for (String m : more) {
            args.add("--post-renderer-args=" + m);
        }
        return args;
    }

    @Test
    void helm3ShowsTheNotesOnTheTerminalAndKeepsThemInTheManifest() throws IOException {
        HelmHome helm = new HelmHome(Tools.helm3(), tmp.resolve("helm3"));
        String terminal = underTerminal(helm, "helm3", helm3Template());
        assertTrue(terminal.contains("sluice (Helm hides a post-renderer's stderr; the notes stay as comments on the migration Job;"),
                terminal);
        assertTrue(terminal.contains("sluice:   document 6 (shop/templates/deployment-api.yaml) " + NOTE), terminal);
        assertTrue(terminal.contains("a failed migration does not fail `helm upgrade` unless you pass --wait")
                || terminal.contains("hooks treated as ignored"), terminal);
        String notesLine = terminal.lines().filter(l -> l.startsWith("sluice:   ")).findFirst().orElseThrow();
        assertTrue(notesLine.contains("Recreate"), "the most important first: " + notesLine);
        // the manifest Helm would store (helm get manifest): the notes as comments on the migration Job
        Result template = helm.ok(helm3Template().toArray(String[]::new));
        assertTrue(template.out().contains("# sluice notes (also on stderr; --fail-on-notes makes a run fail on them):\n"
                + "# - document 6 (shop/templates/deployment-api.yaml) Deployment/shop-api: strategy Recreate replaced by\n"
                + "#   RollingUpdate (maxUnavailable 0)"), template.out());
        String quiet = underTerminal(helm, "helm3-quiet", helm3Template("--quiet"));
        assertTrue(!quiet.contains("sluice (Helm hides") && !quiet.contains("sluice:   "), "-q silences the terminal too:\n" + quiet);
    }

    @Test
    void helm3FailsOnNotesWhenAsked() throws IOException {
        HelmHome helm = new HelmHome(Tools.helm3(), tmp.resolve("helm3-fail"));
        Result run = helm.helm(helm3Template("--fail-on-notes").toArray(String[]::new));
        assertEquals(1, run.exit(), run.describe());
        assertTrue(run.err().contains("sluice: error: --fail-on-notes: 1 note, nothing written: document 6"
                + " (shop/templates/deployment-api.yaml) " + NOTE), run.describe());
        assertEquals("", run.out());
    }

    @Test
    void helm4ShowsTheNotesOnTheTerminalKeepsThemInTheHooksAndFailsOnThemWhenAsked() throws IOException {
        HelmHome helm = new HelmHome(Tools.helm4(), tmp.resolve("helm4"));
        helm.ok("plugin", "install", Tools.HOME.toString());
        List<String> install = List.of("install", "shop", chart.toString(), "--dry-run=client", "--post-renderer", "sluice",
                "--post-renderer-args=--config=" + Tools.PLAN);
        String terminal = underTerminal(helm, "helm4", install);
        assertTrue(terminal.contains("sluice:   document 4 " + NOTE), terminal);
        int hooks = terminal.indexOf("HOOKS:");
        int manifest = terminal.indexOf("MANIFEST:");
        int comment = terminal.indexOf("# sluice notes (also on stderr");
        assertTrue(hooks >= 0 && hooks < comment && comment < manifest, "the notes stay on the migration hook Job that Helm"
                + " stores (helm get hooks):\n" + terminal);
        List<String> failing = new ArrayList<>(install);
        failing.add("--post-renderer-args=--fail-on-notes");
        Result run = helm.helm(Map.of(), failing.toArray(String[]::new));
        assertEquals(1, run.exit(), run.describe());
        String said = run.both().replaceAll("\\s+", " ");
        assertTrue(said.contains("sluice: error: --fail-on-notes: ") && said.contains("nothing written: document 4 " + NOTE), run.describe());
        Path link = tmp.resolve("helm4/data/plugins/sluice");
        if (Files.isSymbolicLink(link)) {
            Files.delete(link); // never what it points to
        }
    }
}
