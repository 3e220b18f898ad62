package dev.sluice.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Images a plan supplies: one reference, as the kubelet parses it (otherwise InvalidImageName, and the pod never starts). */
class ImageReferenceTest {

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "nginx:1.27", "shop/api:1.0", "registry.k8s.io/kubectl:v1.35.0",
            "localhost:5000/app", "ghcr.io/ory/kratos:v1.3.1", "docker.io/bitnami/ghost:5.96.0-debian-12-r0",
            "my-registry.example.com:443/team/app_worker__x:1.2.3",
            "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "app:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "[::1]:5000/app:1"})
    void validReferences_areAccepted(String image) {
        assertNull(ImageReference.problem(image), image);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Shop/API:1.0", "app:", ":1.0", "app@sha256:abc", "app:-1", "/app", "app/", "app//x", "-app",
            "app:1.0:2", "app@", "reg.example.com:port/app"})
    void whatTheKubeletCannotParse_isRefused(String image) {
        assertEquals("is not an image reference ([registry/]path[:tag][@digest], path in lower case)", ImageReference.problem(image), image);
    }

    @Test
    void emptyBlankAndMultiWordImages_sayWhy() {
        assertEquals("is empty", ImageReference.problem(""));
        assertEquals("is blank", ImageReference.problem("  "));
        assertEquals("holds a line break at position 8: an image is one word", ImageReference.problem("app:1.0\nrm -rf /"));
        assertEquals("holds a space at position 4: an image is one word", ImageReference.problem("app 1.0"));
        assertEquals("holds the character U+0009 at position 4: an image is one word", ImageReference.problem("app\t1.0"));
        assertNotNull(ImageReference.problem("a".repeat(256)));
    }

    @Test
    void theQuickFlagImageIsCheckedToo_aMultiLineImageIsRefusedBeforeAnyOutput() {
        dev.sluice.Sluice.Run run = dev.sluice.Sluice.run("", "--target", "shop-api", "--command", "bin/migrate",
                "--image", "shop/api:1.0\nshop/api:2.0");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("", run.out());
        assertEquals(true, run.err().contains("quick flags (plan shop-api): spec.migration.image holds a line break at position 13:"
                + " an image is one word: \"shop/api:1.0\\nshop/api:2.0\""), run.err());
    }
}
