package dev.sluice.cli;

/** A usage error found after parsing (exit code 2). */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    /**
     * A usage error as picocli's own ParameterException over {@code command}, answered as picocli answers a line it
     * refuses. Typed RuntimeException so that a class throwing it loads no picocli class until it does (render path).
     */
    static RuntimeException picocli(Object command, String message) {
        return new picocli.CommandLine.ParameterException(new picocli.CommandLine(command), message);
    }
}
