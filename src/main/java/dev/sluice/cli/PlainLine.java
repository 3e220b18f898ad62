package dev.sluice.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The default command's line when it is plain, read without picocli, whose model (reflection over annotations,
 * converters) is a large part of a small chart's start-up. It accepts only what picocli reads the same way, and
 * declines everything else (returns null), which picocli then reads as before: every help text, usage error and
 * message is picocli's. PlainLineTest and PlainLineProperties check it against picocli's model and reading.
 */
final class PlainLine {
    private final String[] args;
    private int next;
    private final RenderOptions options = new RenderOptions();
    /** The single-valued options given so far (picocli refuses one given twice). */
    private final java.util.Set<String> given = new java.util.HashSet<>();

    /** Declined: not a plain line; picocli reads it. */
    private static final class NotSure extends Exception {
        private static final long serialVersionUID = 1L;

        NotSure() {
            super(null, null, false, false);
        }
    }

    private PlainLine(String[] args) {
        this.args = args;
    }

    /** The default command's options, or null when picocli must read the line (anything this reader is not sure of). */
    static RenderOptions read(String[] args) {
        if (!Main.lean(args)) {
            return null;
        }
        try {
            return new PlainLine(args).options();
        } catch (NotSure e) {
            return null;
        }
    }

    private RenderOptions options() throws NotSure {
        while (next < args.length) {
            String arg = args[next++];
            if (!plain(arg)) {
                throw new NotSure();
            }
            if (!arg.startsWith("-")) {
                if (options.pluginConfig != null) {
                    throw new NotSure(); // PLUGIN_CONFIG takes one
                }
                options.pluginConfig = path(arg);
                continue;
            }
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String attached = eq < 0 ? null : arg.substring(eq + 1);
            QuickPlan quick = options.planOptions.quick;
            // every option of RenderOptions and its mixins but --help, --version and --wait-timeout (a number picocli
            // converts and checks); PlainLineTest fails when a mixin gains an option this switch does not know
            switch (name) {
                case "-c", "--config" -> options.planOptions.configs.add(path(value(attached)));
                case "-f", "--file" -> options.stream.input = path(once("--file", attached));
                case "-o", "--output" -> options.output = path(once("--output", attached));
                case "-q", "--quiet" -> options.quiet = flag("--quiet", attached);
                case "--fail-on-notes" -> options.failOnNotes = flag(name, attached);
                case "--hooks" -> options.downstream.hooks = once(name, attached);
                case "--argocd" -> options.downstream.argocd = flag(name, attached);
                case "--kapp" -> options.downstream.kapp = flag(name, attached);
                case "--target" -> quick.targets.add(value(attached));
                case "--selector" -> quick.selectors.add(value(attached));
                case "--kind" -> quick.kind = once(name, attached);
                case "--command" -> quick.command = once(name, attached);
                case "--image" -> quick.image = once(name, attached);
                case "--from" -> quick.from = once(name, attached);
                case "--strategy" -> quick.strategy = once(name, attached);
                case "--plan-name" -> quick.planName = once(name, attached);
                case "--wait-image" -> quick.waitImage = once(name, attached);
                default -> throw new NotSure();
            }
        }
        return options;
    }

    /** An option's value: after '=' or the next argument, never one that picocli might read otherwise. */
    private String value(String attached) throws NotSure {
        if (attached != null) {
            if (!plain(attached) || attached.startsWith("-")) {
                throw new NotSure();
            }
            return attached;
        }
        if (next == args.length || args[next].startsWith("-") || !plain(args[next])) {
            throw new NotSure();
        }
        return args[next++];
    }

    /** Neither empty nor an @file, which picocli expands. */
    private static boolean plain(String arg) {
        return !arg.isEmpty() && !arg.startsWith("@");
    }

    /** The value of a single-valued option, given once. */
    private String once(String option, String attached) throws NotSure {
        if (!given.add(option)) {
            throw new NotSure();
        }
        return value(attached);
    }

    /** A boolean option, given once and without a value. */
    private boolean flag(String option, String attached) throws NotSure {
        if (!given.add(option) || attached != null) {
            throw new NotSure();
        }
        return true;
    }

    /** As picocli converts it ({@code Paths.get}); a string that is no path is picocli's to report. */
    private static Path path(String value) throws NotSure {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new NotSure();
        }
    }
}
