package dev.sluice.stream;

/** Bad input: a message a person can act on, naming the document and the field. Never a stack trace. */
public class StreamException extends RuntimeException {
    public StreamException(String message) {
        super(message);
    }

    public StreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
