package dev.sluice;

import dev.sluice.cli.Io;
import dev.sluice.cli.Main;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs sluice in-process, as the command line would, and keeps what it printed. */
public final class Sluice {
    public record Run(int exit, String out, String err) {
    }

    private Sluice() {
    }

    public static Run run(byte[] stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exit = Main.run(args, new Io(new ByteArrayInputStream(stdin), out, errStream, env));
        errStream.flush();
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static Run run(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), Map.of(), args);
    }
}
