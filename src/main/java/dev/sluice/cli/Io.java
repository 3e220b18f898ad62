package dev.sluice.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

/** The process edges a command sees: standard streams and environment, so tests can run it in-process. */
public record Io(InputStream in, OutputStream out, PrintStream err, Map<String, String> env) {
    public static Io system() {
        return new Io(System.in, new java.io.FileOutputStream(java.io.FileDescriptor.out), System.err, System.getenv());
    }

    String env(String name) {
        return env.get(name);
    }
}
