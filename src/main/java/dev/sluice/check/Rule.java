package dev.sluice.check;

import java.util.List;

/** One lint rule of {@code sluice check}: an id people can search for, and what it finds in a stream. */
public sealed interface Rule permits RolloutRoom, MissingGate, GateOnRemovedJob, HookWeight, UnknownHookName,
        HookOrderByName, PreInstallNeedsRelease, HpaScaledToZero, GateTimeoutShort, SidecarNeverExits {

    /** SLU001, SLU002, ...: stable, never reused. */
    String id();

    Severity severity();

    /** One line for {@code sluice check --rules} and the README. */
    String summary();

    List<Finding> check(Rendered stream);
}
