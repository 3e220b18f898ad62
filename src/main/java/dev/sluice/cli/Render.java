package dev.sluice.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code sluice render}: the same as plain {@code sluice}. */
@Command(name = "render", description = RenderOptions.DESCRIPTION, mixinStandardHelpOptions = true,
        sortOptions = false, footer = {"%nSee sluice --help for examples."})
public class Render implements Callable<Integer> {
    private final Io io;

    @Mixin
    RenderOptions options = new RenderOptions();

    Render(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        return options.render(io);
    }
}
