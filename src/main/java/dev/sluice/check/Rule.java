package dev.sluice.check;

import java.util.List;

/** One lint rule of {@code sluice check}: an id people can search for, and what it finds in a stream. */
public sealed interface Rule permits RolloutRoom, MissingGate, GateOnRemovedJob, HookWeight, UnknownHookName,
        HookOrderByName, PreInstallNeedsRelease, HpaScaledToZero, GateTimeoutShort, SidecarNeverExits {

    /**
     * What a rule is called and how bad its findings are.
     *
     * @param id       SLU001, SLU002, ...: stable, never reused
     * @param severity of its findings (a rule may lower it for one finding)
     * @param summary  one line for {@code sluice check --rules} and the README
     */
    record Info(String id, Severity severity, String summary) {
    }

    Info info();

    default String id() {
        return info().id();
    }

    default Severity severity() {
        return info().severity();
    }

    default String summary() {
        return info().summary();
    }

    List<Finding> check(Rendered stream);
}
