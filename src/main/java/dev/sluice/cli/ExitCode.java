package dev.sluice.cli;

/** How sluice's process ends (the README's "Exit codes"): what a script or CI step can tell without reading stderr. */
final class ExitCode {
    static final int OK = 0;
    /** The stream, a plan or a file it names is wrong or cannot be read; the message names the document and field. */
    static final int INVALID_INPUT = 1;
    /** {@code sluice check} found an error (or, with {@code --strict}, a warning). */
    static final int FINDINGS = 1;
    /** A bug of sluice's own; the message asks for a report. */
    static final int INTERNAL_ERROR = 1;
    /** The command line is wrong: an unknown option, a missing plan, options that exclude each other. */
    static final int USAGE = 2;

    private ExitCode() {
    }
}
