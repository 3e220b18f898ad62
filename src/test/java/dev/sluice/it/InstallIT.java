package dev.sluice.it;

import dev.sluice.it.Tools.HelmHome;
import dev.sluice.it.Tools.Result;
import dev.sluice.stream.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.sluice.it.Manifests.get;
import static dev.sluice.it.Manifests.names;
import static dev.sluice.it.Manifests.podSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Installation: {@code scripts/release} makes the archive users download (which is also a Helm 4 plugin
 * package), and {@code scripts/install} puts sluice where every door finds it: on PATH (CI filter, Helm 3
 * by path or by name), as a Helm 4 plugin (packaged, or linked), and as kustomize's exec plugin. Each
 * place is then used with the real tool. (Helm4PluginIT covers {@code helm plugin package} of the build
 * output itself.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstallIT {
    @TempDir
    static Path tmp;
    Path archive;
    String version;
    Path rendered;

    @BeforeAll
    void release() throws IOException {
        Tools.assertBuilt();
        Result r = Tools.run(List.of("bash", Tools.PROJECT.resolve("scripts/release").toString(), "--no-build"), Map.of(), null);
        assertEquals(0, r.exit(), r::describe);
        version = Files.readAllLines(Tools.HOME.resolve("plugin.yaml")).stream().filter(l -> l.startsWith("version:"))
                .map(l -> l.substring("version:".length()).trim()).findFirst().orElseThrow();
        archive = Tools.PROJECT.resolve("target/sluice-" + version + ".tgz");
        assertTrue(r.out().contains(archive.toString()), r::describe);
        rendered = tmp.resolve("rendered.yaml");
        Files.writeString(rendered, new HelmHome(Tools.helm4(), tmp.resolve("render")).ok("template", "shop",
                Tools.CHART.toString()).out());
    }

    @Test
    void theReleaseArchiveHasTheDocumentedLayoutAndRuns() throws Exception {
        Result list = Tools.run(List.of("tar", "tzf", archive.toString()), Map.of(), null);
        assertEquals(0, list.exit(), list::describe);
        Set<String> entries = new TreeSet<>(list.out().lines().map(l -> l.replaceAll("/$", "")).toList());
        for (String expected : List.of("sluice", "sluice/bin/sluice", "sluice/lib/sluice.jar", "sluice/plugin.yaml",
                "sluice/README.md", "sluice/NOTICE")) {
            assertTrue(entries.contains(expected), "archive lacks " + expected + ": " + entries);
        }
        assertTrue(entries.stream().allMatch(e -> e.equals("sluice") || e.startsWith("sluice/")),
                "one top directory named after the plugin, as Helm 4 expects: " + entries);
        assertFalse(entries.contains("sluice/lib/sluice.jsa"), "the class-data archive fits one JVM build only");
        assertTrue(entries.stream().noneMatch(e -> e.startsWith("sluice/lib/cds")),
                "no class archive of the build machine's JVMs (each fits one JVM at one path): " + entries);
        String sha = Files.readString(Path.of(archive + ".sha256")).split("\\s+")[0];
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive))), sha);

        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        Result untar = Tools.run(List.of("tar", "xzf", archive.toString(), "-C", unpacked.toString()), Map.of(), null);
        assertEquals(0, untar.exit(), untar::describe);
        Result v = Tools.run(List.of(unpacked.resolve("sluice/bin/sluice").toString(), "version"), Map.of(), null);
        assertEquals("sluice " + version, v.out().trim(), v::describe);
        String notice = Files.readString(unpacked.resolve("sluice/NOTICE"));
        assertTrue(notice.contains("Apache License 2.0") && notice.contains("snakeyaml"), notice);
    }

    @Test
    void installFromTheReleaseArchivePutsSluiceWhereEveryDoorFindsIt() throws IOException {
        Path prefix = tmp.resolve("prefix");
        Path xdg = tmp.resolve("xdg");
        HelmHome helm4 = new HelmHome(Tools.helm4(), tmp.resolve("helm4"));
        Map<String, String> env = new HashMap<>(helm4.env());
        env.put("XDG_CONFIG_HOME", xdg.toString());
        env.put("KUSTOMIZE_PLUGIN_HOME", null);
        env.put("HOME", tmp.resolve("home").toString());
        Result install = Tools.run(List.of("bash", Tools.PROJECT.resolve("scripts/install").toString(), "--from", archive.toString(),
                "--prefix", prefix.toString(), "--helm", Tools.helm4().toString()), env, null);
        assertEquals(0, install.exit(), install::describe);
        assertTrue(install.out().contains("Helm 4 plugin sluice installed from its package"), install::describe);
        assertTrue(install.out().contains("made a class archive for "), install::describe);
        Path cds = prefix.resolve("share/sluice/lib/cds");
        try (var archives = Files.list(cds)) {
            List<String> made = archives.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(made.size() == 2 && (made.get(0).endsWith(".jsa") || made.get(0).endsWith(".aot"))
                    && made.get(1).equals(made.get(0) + ".home"), "one archive, for the JVM the launcher runs on: " + made);
            assertEquals(prefix.resolve("share/sluice").toRealPath() + "\n", Files.readString(cds.resolve(made.get(1))),
                    "made for the installed directory");
        }

        // on PATH: the CI filter
        Path bin = prefix.resolve("bin/sluice");
        assertTrue(Files.isSymbolicLink(bin) && Files.isExecutable(bin), bin + " links to the installed launcher");
        Result filtered = Tools.run(List.of(bin.toString(), "-c", Tools.PLAN.toString(), "-f", rendered.toString()), Map.of(), null);
        assertEquals(0, filtered.exit(), filtered::describe);
        assertGated(filtered.out(), "CI filter");

        // Helm 4: the packaged plugin
        Result plugins = helm4.ok("plugin", "list");
        assertTrue(plugins.out().lines().anyMatch(l -> l.startsWith("sluice") && l.contains("postrenderer/v1")), plugins::describe);
        assertFalse(Files.isSymbolicLink(tmp.resolve("helm4/data/plugins/sluice")), "installed from a package: a copy");
        assertGated(helm4.ok("template", "shop", Tools.CHART.toString(), "--post-renderer", "sluice",
                "--post-renderer-args=--config=" + Tools.PLAN).out(), "Helm 4 plugin");

        // Helm 3: by path, and by name on PATH
        HelmHome helm3 = new HelmHome(Tools.helm3(), tmp.resolve("helm3"));
        assertGated(helm3.ok("template", "shop", Tools.CHART.toString(), "--post-renderer", bin.toString(),
                "--post-renderer-args=--config=" + Tools.PLAN).out(), "Helm 3 post-renderer by path");
        Result byName = helm3.helm(Map.of("PATH", prefix.resolve("bin") + ":" + System.getenv("PATH")), "template", "shop",
                Tools.CHART.toString(), "--post-renderer", "sluice", "--post-renderer-args=--config=" + Tools.PLAN);
        assertEquals(0, byName.exit(), byName::describe);
        assertGated(byName.out(), "Helm 3 post-renderer by name");

        // kustomize: the exec plugin under $XDG_CONFIG_HOME
        Path link = xdg.resolve(KustomizeExecPluginIT.PLUGIN);
        assertTrue(Files.isSymbolicLink(link), link + " is installed");
        Path dir = Files.createDirectories(tmp.resolve("kustomization"));
        Files.copy(rendered, dir.resolve("rendered.yaml"));
        Files.copy(Tools.PLAN, dir.resolve("sluice.yaml"));
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [rendered.yaml]\ntransformers: [sluice.yaml]\n");
        Result kustomized = Tools.run(List.of(Tools.kubectl().toString(), "kustomize", "--enable-alpha-plugins", dir.toString()),
                env, null);
        assertEquals(0, kustomized.exit(), kustomized::describe);
        assertGated(kustomized.out(), "kubectl kustomize");
    }

    @Test
    void installFromTheBuildOutputCanLinkTheHelmPlugin() {
        Path prefix = tmp.resolve("linked");
        HelmHome helm4 = new HelmHome(Tools.helm4(), tmp.resolve("helm4-linked"));
        Map<String, String> env = new HashMap<>(helm4.env());
        env.put("HOME", tmp.resolve("home-linked").toString());
        Result install = Tools.run(List.of("bash", Tools.PROJECT.resolve("scripts/install").toString(), "--from", Tools.HOME.toString(),
                "--prefix", prefix.toString(), "--helm", Tools.helm4().toString(), "--helm-plugin", "link", "--no-kustomize"), env, null);
        assertEquals(0, install.exit(), install::describe);
        Path plugin = tmp.resolve("helm4-linked/data/plugins/sluice");
        assertTrue(Files.isSymbolicLink(plugin), "helm plugin install DIR links the directory");
        assertFalse(Files.exists(tmp.resolve("home-linked/.config/kustomize")), "--no-kustomize");
        assertGated(helm4.ok("template", "shop", Tools.CHART.toString(), "--post-renderer", "sluice",
                "--post-renderer-args=--config=" + Tools.PLAN).out(), "linked Helm 4 plugin");
    }

    /**
     * Helm 3 and Helm 4 reading one plugin directory (one HELM_DATA_HOME), with a Helm 3-style plugin there:
     * Helm 3 must keep loading its plugins (a Helm 4 plugin.yaml there breaks every Helm 3 command), and Helm 4
     * gets sluice from a directory of its own, given to it through HELM_PLUGINS as the install says.
     */
    @Test
    void bothMajorsOnOnePluginDirectoryKeepEveryPluginWorking() throws IOException {
        Path shared = tmp.resolve("shared-helm");
        HelmHome helm3 = new HelmHome(Tools.helm3(), shared);
        HelmHome helm4 = new HelmHome(Tools.helm4(), shared);
        Path hello = Files.createDirectories(shared.resolve("data/plugins/hello"));
        Files.writeString(hello.resolve("plugin.yaml"), "name: hello\nversion: 0.1.0\nusage: say hello\n"
                + "description: a Helm 3-style plugin\ncommand: \"$HELM_PLUGIN_DIR/hello.sh\"\n");
        Files.writeString(hello.resolve("hello.sh"), "#!/bin/sh\necho hello from a helm 3 plugin\n");
        hello.resolve("hello.sh").toFile().setExecutable(true);
        // what an earlier install left: the Helm 4 plugin where Helm 3 reads
        helm4.ok("plugin", "install", Tools.HOME.toString());
        assertTrue(helm3.helm("plugin", "list").both().contains("unknown field \"apiVersion\""), "the breakage this test is about");

        Path prefix = tmp.resolve("both");
        Map<String, String> env = new HashMap<>(helm4.env());
        env.put("HOME", tmp.resolve("home-both").toString());
        Result install = Tools.run(List.of("bash", Tools.PROJECT.resolve("scripts/install").toString(), "--from", Tools.HOME.toString(),
                "--prefix", prefix.toString(), "--helm", Tools.helm3().toString(), "--helm", Tools.helm4().toString(),
                "--no-kustomize"), env, null);
        assertEquals(0, install.exit(), install::describe);
        Path own = prefix.resolve("share/sluice-helm4/plugins");
        assertTrue(install.out().contains("Helm 4 plugin sluice installed from its package in " + own), install::describe);
        assertTrue(install.out().contains("alias helm='HELM_PLUGINS=" + shared.resolve("data/plugins") + ":" + own + " "),
                install::describe);

        Result list3 = helm3.helm("plugin", "list");
        assertEquals(0, list3.exit(), "Helm 3 loads every plugin it sees: " + list3.describe());
        assertFalse(list3.both().contains("failed to load plugins"), list3::describe);
        assertTrue(list3.out().lines().anyMatch(l -> l.startsWith("hello")), list3::describe);
        Result hi = helm3.helm("hello");
        assertEquals(0, hi.exit(), hi::describe);
        assertTrue(hi.out().contains("hello from a helm 3 plugin"), hi::describe);
        assertGated(helm3.ok("template", "shop", Tools.CHART.toString(), "--post-renderer", prefix.resolve("bin/sluice").toString(),
                "--post-renderer-args=--config=" + Tools.PLAN).out(), "Helm 3 by path");

        Map<String, String> helm4Plugins = Map.of("HELM_PLUGINS", shared.resolve("data/plugins") + ":" + own);
        Result list4 = helm4.helm(helm4Plugins, "plugin", "list");
        assertEquals(0, list4.exit(), list4::describe);
        assertTrue(list4.out().lines().anyMatch(l -> l.startsWith("sluice") && l.contains("postrenderer/v1")), list4::describe);
        assertTrue(list4.out().lines().anyMatch(l -> l.startsWith("hello")), "Helm 4 still sees the Helm 3 plugin: " + list4.describe());
        Result template = helm4.helm(helm4Plugins, "template", "shop", Tools.CHART.toString(), "--post-renderer", "sluice",
                "--post-renderer-args=--config=" + Tools.PLAN);
        assertEquals(0, template.exit(), template::describe);
        assertGated(template.out(), "Helm 4 plugin from its own directory");
    }

    static void assertGated(String stream, String door) {
        List<Document> docs = Manifests.parse(stream);
        assertEquals("sluice-wait", names(podSpec(get(docs, "Deployment", "shop-api")).path("initContainers")).get(0), door);
        // content-named where hooks are ignored (Helm 3, the CI filter, kustomize), one stable name where Helm 4 runs them
        assertTrue(docs.stream().anyMatch(d -> d.kind().equals("Job") && (d.name().equals("shop-api-migrate")
                        || Helm3PostRendererIT.JOB_NAME.matcher(d.name()).matches())),
                door + ": the migration Job is there: " + Manifests.ids(docs));
    }
}
