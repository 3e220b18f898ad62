package dev.sluice.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The default command's line read without picocli ({@link PlainLine}) against picocli's reading of it (the lean root,
 * which reads it today): lines generated from picocli's own model of the options, plain and odd. Whenever the plain
 * reader accepts a line, picocli parses it without error, asks for no help, and fills every option field the same;
 * every plain line is accepted.
 */
class PlainLineProperties {
    static final Io IO = new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
            new PrintStream(new ByteArrayOutputStream()), Map.of());
    /** Options picocli converts and checks (a number): the plain reader leaves them to it. */
    static final List<String> LEFT_TO_PICOCLI = List.of("--wait-timeout");
    static final List<String> PLAIN_VALUES = List.of("api", "shop-api", "plan.yaml", "dir/plan.yaml", "/tmp/x.yaml",
            "CronJob/courier", "app=api,tier=web", "a=b", "bin/console doctrine:migrations:migrate -n", "'quoted'",
            "\"double quoted\"", "x=", "é", "${HOME}", " ", "a b ", "honoured", "ignored", "auto", "rolling", "12",
            "ghcr.io/example/api:1.0", "x-", "x@y", "checks", "Plan", "%s", "\\", ".", "..", "*").stream()
            // under an ASCII locale (env -i) this JVM makes no path of "é", and neither reader takes it as a file; the
            // launcher always runs sluice under a UTF-8 locale
            .filter(PlainLineProperties::aPathHere).toList();
    static final List<String> ODD_VALUES = List.of("", "-", "--", "=", "-x", "--target", "--config=x", "-c", "-q",
            "@args", "@", "-1", "-0.5", "plan", "render", "check", "help", "version", "schema", "init", "completion",
            "a\u0000b", "--help", "-h", "-V");
    static final List<String> ODD_TOKENS = List.of("", "-", "--", "=", "-x", "--nope", "--confi", "--Config", "-qc",
            "-cq", "-qq", "-cplan.yaml", "-c=plan.yaml", "-fplan.yaml", "-q=true", "--quiet=true", "--quiet=false",
            "--argocd=true", "--kapp=", "--target=", "--config=", "--=x", "---target", "@args", "@", "plan", "render",
            "check", "help", "version", "schema", "init", "completion", "chek", "second.yaml", "third", "a\u0000b",
            "-h", "--help", "-V", "--version", "--wait-timeout", "--wait-timeout=60", "--wait-timeout=x", "-1");

    private static boolean aPathHere(String value) {
        try {
            java.nio.file.Path.of(value);
            return true;
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The default command's options, from picocli's model. */
    static final List<OptionSpec> OPTIONS = new CommandLine(new Main.Lean(IO)).getCommandSpec().options();
    /** Options a plain line may hold: all but help, version and the ones left to picocli. */
    static final List<OptionSpec> PLAIN_OPTIONS = OPTIONS.stream().filter(o -> !o.usageHelp() && !o.versionHelp()
            && !LEFT_TO_PICOCLI.contains(o.longestName())).toList();

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 20)
    void everyPlainLineIsReadAsPicocliReadsIt(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        for (int n = 0; n < 50; n++) {
            List<String> line = plainLine(random);
            String[] args = line.toArray(String[]::new);
            RenderOptions plain = PlainLine.read(args);
            assertNotNull(plain, "a plain line, declined: " + show(line) + " (seed " + seed + ")");
            assertSameAsPicocli(plain, args, seed);
        }
    }

    @Property(tries = 20)
    void whatThePlainReaderAcceptsPicocliReadsTheSame(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        int accepted = 0;
        int lines = 100;
        for (int n = 0; n < lines; n++) {
            List<String> line = oddLine(random);
            String[] args = line.toArray(String[]::new);
            RenderOptions plain = PlainLine.read(args);
            if (plain != null) {
                accepted++;
                assertSameAsPicocli(plain, args, seed);
            }
        }
        assertTrue(accepted < lines, "some odd lines are declined (seed " + seed + ")");
    }

    /** picocli (the lean root, as Main runs it) parses the line without error and fills every option field the same. */
    static void assertSameAsPicocli(RenderOptions plain, String[] args, long seed) {
        String what = show(List.of(args)) + " (seed " + seed + ")";
        assertTrue(Main.lean(args), "accepted a line that may name a subcommand: " + what);
        Main.Lean lean = new Main.Lean(IO);
        CommandLine.ParseResult result;
        try {
            result = new CommandLine(lean).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            fail("accepted a line picocli refuses (" + e.getMessage() + "): " + what);
            return;
        }
        assertFalse(result.isUsageHelpRequested() || result.isVersionHelpRequested(), "accepted a help line: " + what);
        assertEquals(fields(lean.options), fields(plain), what);
    }

    /** Every option field of RenderOptions and its mixins, by name: the values a command reads. */
    static Map<String, Object> fields(Object options) {
        Map<String, Object> values = new LinkedHashMap<>();
        fields(options, options.getClass().getSimpleName(), values);
        return values;
    }

    private static void fields(Object object, String path, Map<String, Object> values) {
        for (Field field : object.getClass().getDeclaredFields()) {
            field.setAccessible(true);
            Object value;
            try {
                value = field.get(object);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            if (field.isAnnotationPresent(CommandLine.Mixin.class)) {
                fields(value, path + "." + field.getName(), values);
            } else if (field.isAnnotationPresent(CommandLine.Option.class) || field.isAnnotationPresent(CommandLine.Parameters.class)) {
                values.put(path + "." + field.getName(), value);
            }
        }
    }

    /** Each plain option at most once (repeatable ones up to three times), in either form, and maybe the plan file. */
    static List<String> plainLine(Random random) {
        List<List<String>> groups = new ArrayList<>();
        for (OptionSpec option : PLAIN_OPTIONS) {
            int times = random.nextInt(3) == 0 ? 1 : 0;
            if (option.isMultiValue() && random.nextInt(3) == 0) {
                times = 1 + random.nextInt(3);
            }
            for (int t = 0; t < times; t++) {
                groups.add(given(option, pick(random, PLAIN_VALUES), random));
            }
        }
        if (random.nextInt(4) == 0) {
            groups.add(List.of(pick(random, List.of("plan.yaml", "sluice.yaml", "dir/plan.yaml", "chek", "a=b"))));
        }
        Collections.shuffle(groups, random);
        List<String> line = new ArrayList<>();
        groups.forEach(line::addAll);
        return line;
    }

    /** An option as written: a flag alone; a value after it or, for a long name, after '='. */
    static List<String> given(OptionSpec option, String value, Random random) {
        String name = pick(random, List.of(option.names()));
        if (option.arity().max() == 0) {
            return List.of(name);
        }
        if (name.startsWith("--") && random.nextBoolean()) {
            return List.of(name + "=" + value);
        }
        return List.of(name, value);
    }

    /** A plain line with one to three things done to it that a plain reader may have to decline. */
    static List<String> oddLine(Random random) {
        List<String> line = new ArrayList<>(plainLine(random));
        for (int m = 1 + random.nextInt(3); m > 0; m--) {
            int at = random.nextInt(line.size() + 1);
            switch (random.nextInt(7)) {
                case 0 -> line.add(at, pick(random, ODD_TOKENS));
                case 1 -> line.addAll(at, given(pick(random, OPTIONS), pick(random, ODD_VALUES), random));
                case 2 -> line.addAll(at, given(pick(random, OPTIONS), pick(random, PLAIN_VALUES), random));
                case 3 -> line.add(pick(random, OPTIONS).names()[0]); // a value missing at the end
                case 4 -> {
                    if (!line.isEmpty()) {
                        line.remove(random.nextInt(line.size()));
                    }
                }
                case 5 -> {
                    if (!line.isEmpty()) {
                        line.add(at, line.get(random.nextInt(line.size()))); // a repeat, or a value out of place
                    }
                }
                default -> line.add(at, pick(random, PLAIN_VALUES)); // a positional, maybe a second one
            }
        }
        return line;
    }

    static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    static String show(List<String> line) {
        return line.stream().map(a -> "'" + a + "'").toList().toString();
    }
}
