package dev.sluice.cli;

import dev.sluice.Sluice;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command explains itself with examples; completion scripts know every command. */
class HelpAndCompletionTest {
    static final String[] COMMANDS = {"render", "plan", "check", "schema", "init", "completion"};

    @Test
    void everyCommandHasHelpWithExamples() {
        Sluice.Run root = Sluice.run("", "--help");
        assertEquals(0, root.exit());
        for (String command : COMMANDS) {
            assertTrue(root.out().contains("  " + command + " "), "sluice --help lists " + command + ":\n" + root.out());
            Sluice.Run help = Sluice.run("", command, "--help");
            assertEquals(0, help.exit(), command);
            assertTrue(help.out().contains("Usage: sluice " + command), help.out());
            assertTrue(help.out().contains("Examples:") || command.equals("render"), command + " --help has examples:\n" + help.out());
        }
    }

    @Test
    void examplesFitEightyColumnsSoNothingIsBrokenMidWord() {
        for (String command : new String[]{"", "render", "plan", "check", "schema", "init", "completion"}) {
            Sluice.Run help = command.isEmpty() ? Sluice.run("", "--help") : Sluice.run("", command, "--help");
            String out = help.out();
            int examples = out.indexOf("Examples:");
            if (examples < 0) {
                continue;
            }
            for (String line : out.substring(out.indexOf('\n', examples) + 1).stripTrailing().split("\\R")) {
                assertTrue(line.length() <= 80, "sluice " + command + " --help: example wider than 80 columns: " + line);
                assertTrue(line.startsWith("  "), "sluice " + command + " --help: an example wrapped onto '" + line + "'");
            }
        }
    }

    @Test
    void completionHelpNamesZshsFunctionPathLiterally() {
        Sluice.Run help = Sluice.run("", "completion", "--help");
        assertTrue(help.out().contains("sluice completion zsh > \"${fpath[1]}/_sluice\""), help.out());
        assertTrue(!help.out().contains("null"), help.out());
    }

    @Test
    void theLeanRootKnowsEverySubcommandName() {
        picocli.CommandLine full = new picocli.CommandLine(new Main(Io.system()), new Main.Factory(Io.system()));
        assertEquals(full.getSubcommands().keySet(), Main.SUBCOMMANDS);
        picocli.CommandLine lean = new picocli.CommandLine(new Main.Lean(Io.system()));
        assertEquals(full.getCommandSpec().options().stream().map(o -> o.longestName()).sorted().toList(),
                lean.getCommandSpec().options().stream().map(o -> o.longestName()).sorted().toList());
        assertEquals(full.getCommandSpec().positionalParameters().size(), lean.getCommandSpec().positionalParameters().size());
    }

    @Test
    void completionForBashAndZsh() {
        Sluice.Run bash = Sluice.run("", "completion", "bash");
        assertEquals(0, bash.exit(), bash.err());
        for (String command : COMMANDS) {
            assertTrue(bash.out().contains(command), "completion knows " + command);
        }
        assertTrue(bash.out().contains("--hooks") && bash.out().contains("complete -F"), "options and the bash hook");
        Sluice.Run zsh = Sluice.run("", "completion", "zsh");
        assertTrue(zsh.out().startsWith("#compdef sluice\n") && zsh.out().contains("bashcompinit"), zsh.out().substring(0, 200));
        Sluice.Run fish = Sluice.run("", "completion", "fish");
        assertEquals(2, fish.exit());
        assertTrue(fish.err().contains("the shell must be bash or zsh, not 'fish'"), fish.err());
    }
}
