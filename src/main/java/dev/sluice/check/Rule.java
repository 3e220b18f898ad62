package dev.sluice.check;

import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import java.util.List;

/** One lint rule of {@code sluice check}: an id people can search for, and what it finds in a stream. */
public abstract sealed class Rule permits RolloutRoom, MissingGate, GateOnRemovedJob, HookWeight, UnknownHookName,
        HookOrderByName, PreInstallNeedsRelease, HpaScaledToZero, GateTimeoutShort, SidecarNeverExits,
        MigrationPodDiffers, ChartMigration {
    private final String id;
    private final Severity severity;
    private final String summary;

    /**
     * @param id       SLU001, SLU002, ...: stable, never reused
     * @param severity of its findings (a rule may lower it for one finding)
     * @param summary  one line for {@code sluice check --rules} and the README
     */
    Rule(String id, Severity severity, String summary) {
        this.id = id;
        this.severity = severity;
        this.summary = summary;
    }

    public final String id() {
        return id;
    }

    public final Severity severity() {
        return severity;
    }

    public final String summary() {
        return summary;
    }

    public abstract List<Finding> check(Rendered stream);
}
