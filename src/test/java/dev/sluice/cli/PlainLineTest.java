package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PlainLine} knows every option of the default command (picocli's model says which), and a render read by it
 * answers as one read by picocli: the same stdout, stderr, exit code and output file, errors included.
 */
class PlainLineTest {
    static final String DEPLOYMENT = ErrorMessagesTest.DEPLOYMENT;
    static final Path CASE = Path.of("testdata/argocd-example");

    @Test
    void knowsEveryOptionOfTheDefaultCommand() {
        List<OptionSpec> options = new CommandLine(new Main.Lean(PlainLineProperties.IO)).getCommandSpec().options();
        for (OptionSpec option : options) {
            boolean help = option.usageHelp() || option.versionHelp();
            boolean leftToPicocli = PlainLineProperties.LEFT_TO_PICOCLI.contains(option.longestName());
            if (leftToPicocli) {
                assertTrue(option.type() != String.class && option.type() != Path.class && option.type() != boolean.class,
                        option.longestName() + " is left to picocli because picocli converts its value");
            }
            for (String name : option.names()) {
                String[] line = option.arity().max() == 0 ? new String[]{name} : new String[]{name, "x"};
                if (help || leftToPicocli) {
                    assertNull(PlainLine.read(line), name + " is picocli's");
                } else {
                    assertNotNull(PlainLine.read(line), "PlainLine does not know " + name + ": add it to PlainLine.options()");
                    if (option.arity().max() > 0 && name.startsWith("--")) {
                        assertNotNull(PlainLine.read(new String[]{name + "=x"}), name + "=x");
                    }
                }
            }
        }
        List<PositionalParamSpec> positionals = new CommandLine(new Main.Lean(PlainLineProperties.IO)).getCommandSpec().positionalParameters();
        assertEquals(1, positionals.size(), "one positional, PLUGIN_CONFIG");
        assertEquals(Path.class, positionals.get(0).type());
        assertEquals(1, positionals.get(0).arity().max());
        assertEquals(Path.of("plan.yaml"), PlainLine.read(new String[]{"plan.yaml"}).pluginConfig);
    }

    @Test
    void comparesEveryOptionField() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new Main.Lean(PlainLineProperties.IO)).getCommandSpec();
        long help = spec.options().stream().filter(o -> o.usageHelp() || o.versionHelp()).count();
        assertEquals(spec.options().size() - help + spec.positionalParameters().size(),
                PlainLineProperties.fields(new RenderOptions()).size(), PlainLineProperties.fields(new RenderOptions()).keySet().toString());
    }

    @Test
    void declinesWhatItIsNotSureOf() {
        for (String[] line : List.of(new String[]{"-qc", "plan.yaml"}, new String[]{"-cplan.yaml"}, new String[]{"-c=plan.yaml"},
                new String[]{"--", "plan.yaml"}, new String[]{"-c", "-q"}, new String[]{"--target=-x"}, new String[]{"--nope"},
                new String[]{"--kind", "a", "--kind", "b"}, new String[]{"-q", "--quiet"}, new String[]{"a.yaml", "b.yaml"},
                new String[]{"@args"}, new String[]{"-c", "@plan.yaml"}, new String[]{"--help"}, new String[]{"-V"},
                new String[]{""}, new String[]{"--target", ""}, new String[]{"--target", "plan"}, new String[]{"check"},
                new String[]{"--wait-timeout", "60"}, new String[]{"--quiet=true"}, new String[]{"-c"},
                new String[]{"--hooks", "auto", "--hooks=auto"}, new String[]{"-"}, new String[]{"plan.yaml", "-c"})) {
            assertNull(PlainLine.read(line), PlainLineProperties.show(List.of(line)));
        }
    }

    @Test
    void rendersAsPicocliDoes(@TempDir Path dir) throws IOException {
        String input = Files.readString(CASE.resolve("input.yaml"));
        String plan = CASE.resolve("plan.yaml").toString();
        Path planCopy = Files.copy(CASE.resolve("plan.yaml"), dir.resolve("plan.yaml"));
        Map<String, String> none = Map.of();
        Map<String, String> helm4 = Map.of("HELM_PLUGIN_NAME", "sluice", "SLUICE_NO_TTY", "1");
        // plain lines, read by PlainLine
        same(true, input, none, "-q", "-c", plan);
        same(true, input, none, "-c", plan, "--argocd");
        same(true, input, Map.of(Main.TRAINING, "1"), "-q", "-c", plan);
        same(true, input, none, "--config=" + plan, "--hooks=ignored", "--kapp", "--fail-on-notes");
        same(true, input, none, "-c", plan, "--hooks", "honoured", "-f", CASE.resolve("input.yaml").toString());
        same(true, "", none, "--file=" + CASE.resolve("input.yaml"), "--quiet", "-c", plan, "-c", plan);
        same(true, input, none, planCopy.toString());
        same(true, input, none, "-c", plan, "-o", dir.resolve("out.yaml").toString());
        same(true, input, none, "-c", plan, "--output=" + dir.resolve("missing/out.yaml"));
        same(true, DEPLOYMENT, none, "--target", "api", "--command", "bin/migrate --all", "--strategy", "scale-down");
        same(true, DEPLOYMENT, none, "--target=api", "--command=m", "--image=example/m:1", "--from=api/api", "--kind=Deployment",
                "--plan-name=shop", "--wait-image=example/kubectl:1", "--selector", "app=api");
        // errors of a plain line: found by the command, answered as picocli's handlers answer them
        same(true, input, none, "-c", dir.resolve("missing.yaml").toString());
        same(true, "a: [\n", none, "-c", plan);
        same(true, "kind: [\n", helm4, "-c", plan);
        same(true, input, none, "-q");
        same(true, input, helm4, "-q");
        same(true, DEPLOYMENT, none, "--target", "api", "-c", plan);
        same(true, DEPLOYMENT, none, "--target", "api", "--command", "m", "--selector", "nolabel");
        same(true, DEPLOYMENT, helm4, "--target", "api", "--command", "m", "--selector", "nolabel");
        same(true, DEPLOYMENT, none, "--target", "a/b/c", "--command", "m");
        same(true, DEPLOYMENT, none, "--target", "api", "--command", "\"m");
        same(true, DEPLOYMENT, none, "--target", "api", "--command", "m", "--hooks", "sometimes");
        same(true, DEPLOYMENT, none, "--target", "api", "--command", "m", "--strategy", "fast");
        same(true, DEPLOYMENT, none, "chek");
        same(true, DEPLOYMENT, none, "-f", dir.resolve("nothing.yaml").toString(), "-c", plan);
        same(true, DEPLOYMENT, none, "-f", dir.toString(), "-c", plan);
        same(true, DEPLOYMENT, none, "-c", dir.toString());
        // lines that picocli reads, usage errors and help among them
        same(false, input, none, "-c", plan, "--nope");
        same(false, input, none, "-c");
        same(false, input, none, "-qc", plan);
        same(false, input, none, "-c", plan, "--wait-timeout", "x");
        same(false, input, helm4, "-c", plan, "--quiet=yes");
        same(false, input, none, "--help");
        same(false, input, none, "-c", plan, "plan");
    }

    /** One line, run with and without PlainLine: the same answer; {@code plain} says which reader the line is for. */
    private static void same(boolean plain, String stdin, Map<String, String> env, String... args) throws IOException {
        String line = PlainLineProperties.show(List.of(args));
        assertEquals(plain, PlainLine.read(args) != null, (plain ? "plain: " : "picocli's: ") + line);
        Path output = outputFile(args);
        Run picocli = run(stdin, env, args, false, output);
        Run fast = run(stdin, env, args, true, output);
        assertEquals(picocli, fast, line);
    }

    record Run(int exit, String out, String err, String file) {
    }

    private static Run run(String stdin, Map<String, String> env, String[] args, boolean plainLine, Path output) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exit = Main.run(args, new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, errStream, env), plainLine);
        String file = output != null && Files.exists(output) ? Files.readString(output) : null;
        if (output != null) {
            Files.deleteIfExists(output);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), file);
    }

    private static Path outputFile(String[] args) {
        List<String> line = new ArrayList<>(List.of(args));
        for (int i = 0; i < line.size(); i++) {
            if (line.get(i).equals("-o") && i + 1 < line.size()) {
                return Path.of(line.get(i + 1));
            }
            if (line.get(i).startsWith("--output=")) {
                return Path.of(line.get(i).substring("--output=".length()));
            }
        }
        return null;
    }
}
