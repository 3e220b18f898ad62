package dev.sluice.cli;

import dev.sluice.stream.StreamException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.charset.StandardCharsets;

/** Entry point: {@code sluice} renders by default; subcommands for the rest. */
@Command(name = "sluice", versionProvider = Main.Version.class, mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Makes a Helm release's database migration safe without editing the chart.",
                "Reads rendered manifests, writes them back with a migration Job, a gate in every target's pods,"
                        + " RollingUpdate with maxUnavailable 0 and the RBAC all of it needs. Without a subcommand: render."},
        footerHeading = "%nExamples:%n", footer = {
                "  # CI filter",
                "  helm template shop ./chart | sluice -c sluice.yaml | kubectl apply -f -",
                "  sluice -c sluice.yaml -f rendered.yaml -o out.yaml",
                "  # what an upgrade will do; a CI lint of the output",
                "  helm template shop ./chart | sluice plan -c sluice.yaml",
                "  helm template shop ./chart | sluice -c sluice.yaml \\",
                "    | sluice check -c sluice.yaml",
                "  # quick flags instead of a plan file",
                "  sluice --target shop-api \\",
                "    --command 'bin/console doctrine:migrations:migrate -n' < rendered.yaml",
                "  # Helm 4 plugin (helm plugin install target/sluice)",
                "  helm upgrade shop ./chart --post-renderer sluice \\",
                "    --post-renderer-args=--config=$PWD/sluice.yaml",
                "  # Helm 3",
                "  helm upgrade shop ./chart --wait \\",
                "    --post-renderer $PWD/target/sluice/bin/sluice \\",
                "    --post-renderer-args=--config=$PWD/sluice.yaml"},
        subcommands = {Render.class, PlanCommand.class, CheckCommand.class, SchemaCommand.class, InitCommand.class,
                CompletionCommand.class, Main.VersionCommand.class, CommandLine.HelpCommand.class})
public class Main implements java.util.concurrent.Callable<Integer> {
    private final Io io;

    @picocli.CommandLine.Mixin
    RenderOptions options = new RenderOptions();

    Main(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        return options.render(io);
    }

    public static void main(String[] args) {
        System.exit(run(args, Io.system()));
    }

    /** The names of Main's subcommands (a test checks them against the full model). */
    static final java.util.Set<String> SUBCOMMANDS = java.util.Set.of(
            "render", "plan", "check", "schema", "init", "completion", "version", "help");

    /** Set by the launcher for its training run, the one whose classes go into the class archive. */
    static final String TRAINING = "SLUICE_ARCHIVE_DUMP";

    /** Runs one command line; everything it reads and writes goes through {@code io}. */
    public static int run(String[] args, Io io) {
        return run(args, io, true);
    }

    /** As above; without {@code plainLine}, picocli reads every line (tests compare the two). */
    static int run(String[] args, Io io, boolean plainLine) {
        RenderOptions plain = plainLine ? PlainLine.read(args) : null;
        if (plain != null) {
            if (io.env(TRAINING) != null) {
                // the class archive made of this run serves picocli's lines too (help, subcommands): load its model
                Factory.root(io).parseArgs(args);
            }
            try {
                return plain.render(io);
            } catch (Exception e) {
                return failed(e, io, true);
            }
        }
        if (lean(args)) {
            // The default command (render) does not need the model of every subcommand, which picocli builds by
            // reflection at start-up: a root with the same options and no subcommands parses the line, and the
            // full model takes over for help, version, usage errors and anything that may name a subcommand.
            CommandLine cli = handlers(new CommandLine(new Lean(io)), io);
            if (Lean.parses(cli, args)) {
                return cli.execute(args);
            }
        }
        return handlers(Factory.root(io), io).execute(args);
    }

    /** True if no argument can name a subcommand (or an @file that might hold one). */
    static boolean lean(String[] args) {
        for (String arg : args) {
            if (SUBCOMMANDS.contains(arg) || arg.startsWith("@")) {
                return false;
            }
        }
        return true;
    }

    private static CommandLine handlers(CommandLine cli, Io io) {
        cli.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cli.setErr(new java.io.PrintWriter(io.err(), true));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> executionFailed(ex, io, renders(commandLine)));
        cli.setParameterExceptionHandler((ex, a) -> parameterFailed(ex, io));
        return cli;
    }

    /** An exception out of a command, answered as picocli's {@code execute} does with the handlers above. */
    private static int failed(Exception ex, Io io, boolean render) {
        // picocli hands a ParameterException thrown by a command to the parameter exception handler
        return ex instanceof CommandLine.ParameterException e ? parameterFailed(e, io) : executionFailed(ex, io, render);
    }

    private static int executionFailed(Exception ex, Io io, boolean render) {
        if (ex instanceof StreamException e) {
            return Answer.fail(io, e.getMessage(), ExitCode.INVALID_INPUT, render);
        }
        if (ex instanceof java.nio.file.NoSuchFileException e) {
            return Answer.fail(io, "no such file: " + e.getFile(), ExitCode.INVALID_INPUT, render);
        }
        if (ex instanceof java.io.IOException e) {
            return Answer.fail(io, "I/O error: " + e.getMessage(), ExitCode.INVALID_INPUT, render);
        }
        if (ex instanceof UsageException || ex instanceof dev.sluice.downstream.Downstream.Refused) {
            return Answer.fail(io, ex.getMessage() + " (see sluice --help)", ExitCode.USAGE, render);
        }
        if (ex instanceof CommandLine.ParameterException e) {
            return Answer.fail(io, e.getMessage() + " (see sluice --help)", ExitCode.USAGE, render);
        }
        if (io.env("SLUICE_DEBUG") != null) {
            ex.printStackTrace(io.err());
        }
        return Answer.fail(io, "internal error (" + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                + "); please report it with the input that caused it (SLUICE_DEBUG=1 shows the trace)",
                ExitCode.INTERNAL_ERROR, render);
    }

    private static int parameterFailed(CommandLine.ParameterException ex, Io io) {
        return Answer.fail(io, usage(ex), ExitCode.USAGE, renders(ex.getCommandLine()));
    }

    /** The render command is the one Helm runs as its post-renderer; no other command answers Helm's way. */
    static boolean renders(CommandLine commandLine) {
        Object command = commandLine == null ? null : commandLine.getCommand();
        return command instanceof Main || command instanceof Lean || command instanceof Render;
    }

    /** picocli's message, in sluice's voice, with picocli's own "did you mean" suggestions. */
    static String usage(CommandLine.ParameterException ex) {
        String message = ex.getMessage();
        if (!message.isEmpty()) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        return message + " (see sluice --help)";
    }

    /** Gives every command the same process edges. */
    record Factory(Io io) implements CommandLine.IFactory {
        /** The full model: the root and every subcommand. */
        static CommandLine root(Io io) {
            return new CommandLine(new Main(io), new Factory(io));
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == Render.class) {
                return cls.cast(new Render(io));
            }
            if (cls == CheckCommand.class) {
                return cls.cast(new CheckCommand(io));
            }
            if (cls == PlanCommand.class) {
                return cls.cast(new PlanCommand(io));
            }
            if (cls == SchemaCommand.class) {
                return cls.cast(new SchemaCommand(io));
            }
            if (cls == InitCommand.class) {
                return cls.cast(new InitCommand(io));
            }
            if (cls == CompletionCommand.class) {
                return cls.cast(new CompletionCommand(io));
            }
            if (cls == VersionCommand.class) {
                return cls.cast(new VersionCommand(io));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    /** The root command without subcommands: the same options as {@link Main}, for the default command's line. */
    @Command(name = "sluice", versionProvider = Main.Version.class, mixinStandardHelpOptions = true)
    static final class Lean implements java.util.concurrent.Callable<Integer> {
        private final Io io;

        @picocli.CommandLine.Mixin
        RenderOptions options = new RenderOptions();

        Lean(Io io) {
            this.io = io;
        }

        /** True if {@code cli} parses the line without error and it asks for no help. */
        static boolean parses(CommandLine cli, String[] args) {
            try {
                CommandLine.ParseResult result = cli.parseArgs(args);
                return !result.isUsageHelpRequested() && !result.isVersionHelpRequested();
            } catch (CommandLine.ParameterException e) {
                return false;
            }
        }

        @Override
        public Integer call() throws Exception {
            return options.render(io);
        }
    }

    @Command(name = "version", description = "Print sluice's version.", mixinStandardHelpOptions = true)
    static final class VersionCommand implements java.util.concurrent.Callable<Integer> {
        private final Io io;

        VersionCommand(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws java.io.IOException {
            io.out().write(("sluice " + version() + "\n").getBytes(StandardCharsets.UTF_8));
            io.out().flush();
            return ExitCode.OK;
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"sluice " + version()};
        }
    }

}
