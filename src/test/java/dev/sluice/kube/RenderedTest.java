package dev.sluice.kube;

import dev.sluice.stream.StreamReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read model of a rendered stream: its objects (List items too), where each keeps its pods, and its hooks. */
class RenderedTest {
    private static Rendered read(String yaml) {
        return Rendered.of(StreamReader.read(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String STREAM = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web, namespace: shop}
              spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web}]}}}
            - apiVersion: batch/v1
              kind: CronJob
              metadata: {name: nightly}
              spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: nightly}}, spec: {containers: [{name: n}]}}}}}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: migrate
              labels: {app: migrate}
              annotations: {helm.sh/hook: "pre-install, Pre-Upgrade", helm.sh/hook-weight: "-5"}
            spec: {containers: [{name: m}]}
            """;

    @Test
    void everyObjectOnceListItemsByTheirIndex() {
        Rendered stream = read(STREAM);
        assertEquals(List.of("ConfigMap/settings", "Deployment/web", "CronJob/nightly", "Pod/migrate"),
                stream.resources().stream().map(r -> r.ref().kindName()).toList());
        assertEquals(List.of(-1, 0, 1, -1), stream.resources().stream().map(Resource::item).toList());
        assertEquals("document 2 item 0 Deployment/web", stream.resources().get(1).where());
        assertEquals(new ResourceRef("apps/v1", "Deployment", "web", "shop"), stream.resources().get(1).ref());
        assertEquals("", stream.resources().get(2).ref().namespace(), "no namespace reads as empty, never null");
    }

    @Test
    void whereEachKindKeepsItsPods() {
        List<Resource> all = read(STREAM).resources();
        assertNull(all.get(0).podSpecPath());
        assertTrue(all.get(0).podMetadata().isMissingNode());
        assertEquals("spec.template.spec", all.get(1).podSpecPath());
        assertEquals("spec.template.metadata", all.get(1).podMetadataPath());
        assertEquals("spec.jobTemplate.spec.template.metadata", all.get(2).podMetadataPath());
        assertEquals("nightly", all.get(2).podMetadata().path("labels").path("app").asText());
        assertEquals("metadata", all.get(3).podMetadataPath());
        assertEquals("migrate", all.get(3).podMetadata().path("labels").path("app").asText());
        assertEquals(3, read(STREAM).withPods().size());
    }

    @Test
    void hooksAsHelmReadsThem() {
        Rendered stream = read(STREAM);
        assertEquals(List.of("Pod/migrate"), stream.hooks().stream().map(r -> r.ref().kindName()).toList());
        Hook hook = stream.hooks().get(0).hook().orElseThrow();
        assertEquals(List.of("pre-install", "pre-upgrade"), hook.events());
        assertEquals(-5, hook.weight());
        assertEquals("pre-install, Pre-Upgrade", hook.written());
    }
}
