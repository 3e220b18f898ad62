package dev.sluice.cli;

import dev.sluice.Sluice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sharp edges of the command line: each mistake gets one clear line and the right exit code. */
class ErrorMessagesTest {
    static final String DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n"
            + "  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n"
            + "    spec:\n      containers: [{name: api, image: example/api:1}]\n";
    static final String DRY_RUN = "NAME: shop\nLAST DEPLOYED: Tue Dec  1 10:00:00 2026\nNAMESPACE: default\n"
            + "STATUS: pending-install\nREVISION: 1\nTEST SUITE: None\nHOOKS:\n---\n" + DEPLOYMENT;

    private static void oneLine(Sluice.Run run, int exit, String... parts) {
        assertEquals(exit, run.exit(), run.err());
        assertEquals("", run.out(), "nothing on stdout");
        assertEquals(1, run.err().lines().count(), "one line:\n" + run.err());
        for (String part : parts) {
            assertTrue(run.err().contains(part), "'" + part + "' in:\n" + run.err());
        }
    }

    @Test
    void aMistypedCommandGetsDidYouMean() {
        oneLine(Sluice.run(DEPLOYMENT, "chek"), 2, "sluice: error: 'chek' is not a command; did you mean check?");
        oneLine(Sluice.run(DEPLOYMENT, "rendr", "--target", "api"), 2, "did you mean render?");
        oneLine(Sluice.run(DEPLOYMENT, "frobnicate"), 2, "'frobnicate' is not a command nor a plan file; commands: check,");
    }

    @Test
    void aDirectoryGivenAsTheStream(@TempDir Path dir) {
        oneLine(Sluice.run("", "--target", "api", "--command", "m", "-f", dir.toString()), 2,
                "-f " + dir + " is a directory; pass one rendered file");
        oneLine(Sluice.run("", "check", "-f", dir.toString()), 2, "-f " + dir + " is a directory");
    }

    @Test
    void aDirectoryOrAHugeFileGivenAsThePlan(@TempDir Path dir) throws IOException {
        oneLine(Sluice.run(DEPLOYMENT, "-c", dir.toString()), 1, "plan file " + dir + " is a directory; pass the plan file itself");
        oneLine(Sluice.run(DEPLOYMENT, "-c", "/dev/zero"), 1, "plan file /dev/zero is larger than 1 MiB, and a plan is a few"
                + " kilobytes: is it the right file?");
        Path big = dir.resolve("rendered.yaml");
        Files.write(big, DEPLOYMENT.repeat(20_000).replace("apiVersion: apps/v1", "---\napiVersion: apps/v1").getBytes(StandardCharsets.UTF_8));
        oneLine(Sluice.run(DEPLOYMENT, "-c", big.toString()), 1, "is larger than 1 MiB", "the plan in --config");
    }

    @Test
    void badQuotingInCommandIsAUsageError() {
        oneLine(Sluice.run(DEPLOYMENT, "--target", "api", "--command", "\"x"), 2,
                "sluice: error: --command \"x: the \" quote is never closed; close it");
        oneLine(Sluice.run(DEPLOYMENT, "--target", "api", "--command", "migrate 'to"), 2, "the ' quote is never closed");
    }

    @Test
    void aTargetIsNameOrKindSlashName() {
        oneLine(Sluice.run(DEPLOYMENT, "--target", "Deployment/", "--command", "m"), 2,
                "--target Deployment/: give NAME or KIND/NAME, such as api or CronJob/courier");
        oneLine(Sluice.run(DEPLOYMENT, "--target", "apps/Deployment/api", "--command", "m"), 2, "give NAME or KIND/NAME");
        oneLine(Sluice.run(DEPLOYMENT, "--target", "Deploymnet/api", "--command", "m"), 1, "Deploymnet", "Deployment");
    }

    @Test
    void documentsWithoutKindOrApiVersionAreNamed() {
        oneLine(Sluice.run(DRY_RUN, "--target", "api", "--command", "m"), 1,
                "sluice: error: document 1: no apiVersion and no kind, so it is not a Kubernetes object (its keys: NAME,"
                        + " LAST DEPLOYED, NAMESPACE, STATUS, REVISION, ...); this is the report of `helm install/upgrade --dry-run`");
        oneLine(Sluice.run(DRY_RUN, "check"), 1, "document 1: no apiVersion and no kind", "`helm template`");
        oneLine(Sluice.run(DEPLOYMENT + "---\n# Source: shop/templates/x.yaml\nmetadata: {name: x}\ndata: {a: b}\n", "check"), 1,
                "document 2 (shop/templates/x.yaml) ?/x: no apiVersion and no kind", "(its keys: metadata, data)");
        oneLine(Sluice.run(DEPLOYMENT + "---\napiVersion: v1\nmetadata: {name: x}\n", "--target", "api", "--command", "m"), 1,
                "document 2 ?/x: no kind, so it is not a Kubernetes object");
        oneLine(Sluice.run("{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\"}}\n", "check"), 1,
                "document 1 ConfigMap/x: no apiVersion");
        Sluice.Run json = Sluice.run("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\"}}\n", "check");
        assertEquals(0, json.exit(), json.err());
    }

    @Test
    void anotherHelmPluginsNameDoesNotTurnErrorsIntoHelm4Answers() {
        Map<String, String> diff = Map.of("HELM_PLUGIN_NAME", "diff", "SLUICE_NO_TTY", "1");
        Sluice.Run render = Sluice.run(DEPLOYMENT.getBytes(StandardCharsets.UTF_8), diff, "--target", "nope", "--command", "m");
        assertEquals(1, render.exit(), render.err());
        assertEquals("", render.out(), "an error never goes to stdout outside Helm 4's post-renderer");
        Map<String, String> sluice = Map.of("HELM_PLUGIN_NAME", "sluice", "SLUICE_NO_TTY", "1");
        Sluice.Run check = Sluice.run(DRY_RUN.getBytes(StandardCharsets.UTF_8), sluice, "check");
        assertEquals(1, check.exit(), "only the render command is Helm's post-renderer: " + check.err());
        assertEquals("", check.out());
        Sluice.Run plugin = Sluice.run(DEPLOYMENT.getBytes(StandardCharsets.UTF_8), sluice, "--target", "nope", "--command", "m");
        assertEquals(0, plugin.exit(), "Helm 4 shows only a plugin's stdout: the error is answered there");
        assertTrue(plugin.out().startsWith("|\n  sluice: error: "), plugin.out());
        Sluice.Run usage = Sluice.run(DEPLOYMENT.getBytes(StandardCharsets.UTF_8), sluice, "--no-such-flag");
        assertEquals(0, usage.exit());
        assertTrue(usage.out().contains("unknown option: '--no-such-flag'"), usage.out());
    }
}
