package dev.sluice.cli;

/** A usage error found after parsing (exit code 2). */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
