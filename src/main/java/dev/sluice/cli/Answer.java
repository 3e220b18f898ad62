package dev.sluice.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** How sluice answers the person or tool that called it: its output (stdout or {@code -o FILE}) or its error. */
final class Answer {
    private Answer() {
    }

    /** The output to stdout, or to {@code -o FILE}. */
    static void deliver(Io io, String out, Path output) throws IOException {
        byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
        if (output != null) {
            OutputFile.write(output, file -> file.write(bytes));
        } else {
            io.out().write(bytes);
            io.out().flush();
        }
    }

    /** As above, for a rendered stream: untouched documents go from the input's bytes straight to the output. */
    static void deliver(Io io, dev.sluice.stream.StreamWriter.Output out, Path output) throws IOException {
        if (output != null) {
            OutputFile.write(output, out::writeTo);
        } else {
            OutputStream stdout = new java.io.BufferedOutputStream(io.out(), 1 << 16);
            out.writeTo(stdout);
            stdout.flush();
        }
    }

    /**
     * Reports an error. Helm 4 discards a plugin's stderr and prints only "plugin exited with error",
     * so there sluice also writes to the terminal, and answers with a YAML scalar holding the message:
     * Helm refuses it ("expected MappingNode but got ScalarNode: node contents: ...") and prints it.
     */
    static int fail(Io io, String message, int code, boolean postRenderer) {
        String text = "sluice: error: " + message;
        io.err().println(text);
        io.err().flush();
        if (!postRenderer || !Helm4.plugin(io)) {
            return code;
        }
        Terminal.write(io, text + "\n"); // no terminal (CI): the scalar below still carries the message
        StringBuilder scalar = new StringBuilder("|\n");
        for (String line : wrap(text + " (Helm 4 hides plugin stderr: sluice returns its error as this text,"
                + " which Helm refuses to apply)", 100)) {
            scalar.append("  ").append(line).append('\n');
        }
        try {
            io.out().write(scalar.toString().getBytes(StandardCharsets.UTF_8));
            io.out().flush();
        } catch (IOException e) {
            return code;
        }
        return ExitCode.OK; // Helm refuses the scalar and prints it: helm itself then fails
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
