package dev.sluice.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code sluice completion bash|zsh}: the shell completion script (picocli's, which serves both shells). */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash or zsh (commands, options and their values)."},
        footerHeading = "%nExamples:%n", footer = {
                "  source <(sluice completion bash)                    # bash, this shell",
                "  sluice completion bash > /etc/bash_completion.d/sluice",
                "  sluice completion zsh > \"$${fpath[1]}/_sluice\"      # zsh (uses bashcompinit)"})
final class CompletionCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.", completionCandidates = Shells.class)
    String shell;

    static final class Shells extends java.util.ArrayList<String> {
        Shells() {
            super(java.util.List.of("bash", "zsh"));
        }
    }

    CompletionCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the shell must be bash or zsh, not '" + shell + "'");
        }
        String script = AutoComplete.bash("sluice", spec.root().commandLine());
        if (shell.equals("zsh")) {
            script = "#compdef sluice\nautoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        Answer.deliver(io, script, null);
        return ExitCode.OK;
    }
}
