package dev.sluice.check;

import dev.sluice.kube.Rendered;
import dev.sluice.kube.Resource;
import dev.sluice.kube.Severity;
import dev.sluice.plan.MigrationPlan;

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

    /** The findings with the plans given beside the stream (maybe none); only a rule that reads the plans overrides this. */
    public List<Finding> check(Rendered stream, List<MigrationPlan> plans) {
        return check(stream);
    }

    /** A finding of this rule about {@code r}, at its severity. */
    final Finding finding(Resource r, String field, String message, String fix) {
        return finding(r, severity, field, message, fix);
    }

    final Finding finding(Resource r, Severity severity, String field, String message, String fix) {
        return Finding.about(r, id, severity, field, message, fix);
    }
}
