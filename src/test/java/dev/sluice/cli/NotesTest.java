package dev.sluice.cli;

import dev.sluice.Sluice;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notes reach the person: on stderr, as comments on the migration Job, and as a failure with --fail-on-notes. */
class NotesTest {
    private static final Path CASE = Path.of("testdata/recreate-strategy");
    private static final String NOTE = "document 1 (shop/templates/deployment.yaml) Deployment/shop-api: strategy Recreate replaced by";

    private static Sluice.Run render(String... more) throws IOException {
        String input = Files.readString(CASE.resolve("input.yaml"));
        List<String> args = new java.util.ArrayList<>(List.of("-c", CASE.resolve("plan.yaml").toString()));
        args.addAll(List.of(more));
        return Sluice.run(input, args.toArray(String[]::new));
    }

    @Test
    void notesComeFirstOnStderrAndStayAsCommentsOnTheMigrationJob() throws IOException {
        Sluice.Run run = render();
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.err().lines().toList();
        assertTrue(lines.get(0).startsWith("sluice: " + NOTE), "the note first:\n" + run.err());
        assertTrue(lines.get(lines.size() - 1).startsWith("sluice: plan shop: 1 workload(s) wait for migration Job"), run.err());
        int comment = run.out().indexOf(Notes.COMMENT_HEAD + "\n# - " + NOTE + "\n#   RollingUpdate (maxUnavailable 0)");
        assertTrue(comment > 0, run.out());
        assertTrue(run.out().indexOf("kind: Job", comment) > comment, "on the migration Job");
    }

    @Test
    void sluiceOnItsOwnOutputKeepsTheNotesOfTheFirstRun() throws IOException {
        Sluice.Run first = render("--quiet");
        Sluice.Run again = Sluice.run(first.out(), "-c", CASE.resolve("plan.yaml").toString(), "--quiet");
        assertEquals(first.out(), again.out());
    }

    @Test
    void failOnNotesFailsWithEveryNoteAndWritesNothing() throws IOException {
        Sluice.Run run = render("--fail-on-notes");
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("sluice: error: --fail-on-notes: 1 note, nothing written: " + NOTE), run.err());
        Sluice.Run clean = Sluice.run(Files.readString(Path.of("testdata/example-rolling/input.yaml")),
                "-c", "testdata/example-rolling/plan.yaml", "--fail-on-notes");
        assertEquals(0, clean.exit(), "what sluice did is no note: " + clean.err());
    }

    @Test
    void failOnNotesFailsTheKrmFunctionToo() throws IOException {
        String input = Files.readString(CASE.resolve("input.yaml")).replace("\n", "\n      ");
        String list = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - " + input.strip().replaceFirst("^---\\s*", "")
                + "\nfunctionConfig:\n" + Files.readString(CASE.resolve("plan.yaml")).replaceAll("(?m)^", "  ");
        Sluice.Run krm = Sluice.run(list, "--fail-on-notes");
        assertEquals(1, krm.exit(), krm.err() + krm.out());
        assertTrue(krm.err().contains("sluice: error: --fail-on-notes: 1 note, nothing written: "), krm.err());
    }

    @Test
    void commentsWrapAtAHundredColumns() {
        String comment = Notes.comment(List.of("a ".repeat(80).strip(), "short"));
        assertTrue(comment.lines().allMatch(l -> l.length() <= 104), comment);
        assertEquals(List.of("a ".repeat(80).strip(), "short"), Notes.merged(List.of(), List.of("a ".repeat(80).strip(), "short")));
        assertTrue(comment.endsWith("\n# - short"), comment);
    }
}
