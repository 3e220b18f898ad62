package dev.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.it.Tools.HelmHome;
import dev.sluice.it.Tools.Result;
import dev.sluice.stream.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.sluice.it.Manifests.get;
import static dev.sluice.it.Manifests.names;
import static dev.sluice.it.Manifests.podSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Door 4: sluice as kustomize's legacy exec plugin, with the real kubectl 1.35:
 * {@code kubectl kustomize --enable-alpha-plugins DIR}, DIR's kustomization listing a MigrationPlan under
 * {@code transformers:}. kustomize finds the executable at
 * {@code $XDG_CONFIG_HOME/kustomize/plugin/sluice.dev/v1alpha1/migrationplan/MigrationPlan} (or under
 * {@code $KUSTOMIZE_PLUGIN_HOME}), runs it with a copy of the plan as its only argument and the resources
 * on stdin, each annotated {@code kustomize.config.k8s.io/id} (and {@code internal.config.kubernetes.io/*}
 * after its own transformers), and removes those annotations from its final output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KustomizeExecPluginIT {
    static final String PLUGIN = "kustomize/plugin/sluice.dev/v1alpha1/migrationplan/MigrationPlan";

    @TempDir
    static Path tmp;
    Path rendered;

    @BeforeAll
    void render() throws IOException {
        Tools.assertBuilt();
        HelmHome helm = new HelmHome(Tools.helm4(), tmp.resolve("helm"));
        rendered = tmp.resolve("rendered.yaml");
        Files.writeString(rendered, helm.ok("template", "shop", Tools.CHART.toString()).out());
    }

    /** The plugin links point out of the temp dir: removed first, JUnit's clean-up has nothing to warn about in the build log. */
    @AfterAll
    void removePluginLinks() throws IOException {
        for (String home : List.of("xdg", "bad-plugins")) {
            Files.deleteIfExists(tmp.resolve(home).resolve(PLUGIN));
        }
    }

    /** A kustomization of the rendered chart with the plan as a transformer; {@code extra} lines go first. */
    Path kustomization(String name, Path plan, String... extra) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(rendered, dir.resolve("rendered.yaml"));
        Files.copy(plan, dir.resolve("sluice.yaml"));
        Files.writeString(dir.resolve("kustomization.yaml"), String.join("\n", extra)
                + "\nresources: [rendered.yaml]\ntransformers: [sluice.yaml]\n");
        return dir;
    }

    static Result kustomize(Path dir, Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("KUSTOMIZE_PLUGIN_HOME", null);
        e.putIfAbsent("HOME", tmp.resolve("home").toString());
        return Tools.run(List.of(Tools.kubectl().toString(), "kustomize", "--enable-alpha-plugins", dir.toString()), e, null);
    }

    @Test
    void thePluginLinkedUnderXdgConfigHomeWeavesTheStream() throws IOException {
        Path xdg = tmp.resolve("xdg");
        Path link = xdg.resolve(PLUGIN);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Tools.LAUNCHER);
        Path dir = kustomization("xdg-case", Tools.PLAN);

        Result r = kustomize(dir, Map.of("XDG_CONFIG_HOME", xdg.toString()));
        assertEquals(0, r.exit(), r::describe);
        List<Document> docs = Manifests.parse(r.out());
        Document job = docs.stream().filter(d -> d.kind().equals("Job")).findFirst()
                .orElseThrow(() -> new AssertionError("no migration Job:\n" + r.describe()));
        assertTrue(Helm3PostRendererIT.JOB_NAME.matcher(job.name()).matches(), job.name());
        get(docs, "Role", "shop-api-sluice-gate");
        get(docs, "RoleBinding", "shop-api-sluice-gate");
        get(docs, "ConfigMap", "shop-api-migrations");
        for (String id : Helm3PostRendererIT.TARGETS) {
            String[] kn = id.split("/");
            JsonNode pod = podSpec(get(docs, kn[0], kn[1]));
            assertEquals("sluice-wait", names(pod.path("initContainers")).get(0), id + " is gated");
            assertEquals(job.name(), Manifests.envValue(Manifests.container(pod.path("initContainers"), "sluice-wait"), "SLUICE_JOB"));
        }
        for (Document d : docs) {
            assertFalse(d.metadata().path("annotations").has("kustomize.config.k8s.io/id"),
                    "kustomize removes its own annotations from the final output: " + Manifests.id(d));
        }
        Manifests.assertKubectlReadsAll(docs, tmp, "kustomize output");
    }

    @Test
    void kustomizesAnnotationsStayOnEveryDocumentSluiceHandsBack() throws IOException {
        // a plugin that records what sluice answers kustomize, and keeps sluice's exit code
        Path plugins = tmp.resolve("capture-plugins");
        Path capture = tmp.resolve("captured.yaml");
        Path wrapper = plugins.resolve(PLUGIN.substring("kustomize/plugin/".length()));
        Files.createDirectories(wrapper.getParent());
        Files.writeString(wrapper, "#!/usr/bin/env bash\nset -o pipefail\n\"" + Tools.LAUNCHER + "\" \"$@\" | tee \"" + capture + "\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = kustomization("namespaced", Tools.PLAN, "namespace: shop-prod");

        Result r = kustomize(dir, Map.of("KUSTOMIZE_PLUGIN_HOME", plugins.toString()));
        assertEquals(0, r.exit(), r::describe);
        List<Document> answered = Manifests.parse(Files.readString(capture));
        int input = 0;
        for (Document d : answered) {
            JsonNode annotations = d.metadata().path("annotations");
            if (annotations.has("sluice.dev/generated")) {
                continue;
            }
            input++;
            assertTrue(annotations.has("kustomize.config.k8s.io/id"), "kustomize's id annotation kept on " + Manifests.id(d));
            assertTrue(annotations.has("internal.config.kubernetes.io/previousNamespaces"),
                    "kustomize's namespace bookkeeping kept on " + Manifests.id(d) + ": " + annotations);
        }
        assertEquals(Manifests.parse(Files.readString(rendered)).size(), input, "every resource came back");

        List<Document> out = Manifests.parse(r.out());
        for (Document d : out) {
            assertEquals("shop-prod", d.metadata().path("namespace").asText(), Manifests.id(d) + " lives with the workloads");
        }
        JsonNode subjects = Manifests.tree(get(out, "RoleBinding", "shop-api-sluice-gate")).path("subjects");
        assertTrue(subjects.size() > 0, "RoleBinding has subjects");
    }

    @Test
    void aBadPlanFailsKustomizeWithSluicesMessage() throws IOException {
        Path bad = Manifests.planTargeting(tmp.resolve("bad-plan.yaml"), "no-such-deployment");
        Path plugins = tmp.resolve("bad-plugins");
        Files.createDirectories(plugins.resolve(PLUGIN).getParent());
        Files.createSymbolicLink(plugins.resolve(PLUGIN), Tools.LAUNCHER);
        Result r = kustomize(kustomization("bad", bad), Map.of("XDG_CONFIG_HOME", plugins.toString()));
        assertNotEquals(0, r.exit(), r::describe);
        String said = r.err().replaceAll("\\s+", " ");
        assertTrue(said.contains("sluice: error: plan shop: spec.targets[0] (name: no-such-deployment, kind: Deployment)"
                + " matches no workload in the stream"), r::describe);
        assertTrue(said.contains("failure in plugin configured via"), "kustomize names the failing plugin:\n" + r.describe());
        assertEquals("", r.out(), "no partial output");
    }
}
