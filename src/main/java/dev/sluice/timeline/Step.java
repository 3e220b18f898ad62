package dev.sluice.timeline;

import java.util.List;

/**
 * One step of an upgrade, in the order it happens.
 *
 * @param number        1, 2, ...
 * @param stage         when it happens: hooks before, the release apply, the migration, rollouts, hooks after
 * @param kind          the object's kind ("" for the apply step)
 * @param name          the object's name ("" for the apply step)
 * @param namespace     its namespace, "" when the release's
 * @param weight        its hook weight, or null when it is not run as a hook
 * @param plan          the sluice plan it belongs to, or null for the chart's own objects
 * @param role          sluice's role for it (access, migration, record, first-install-copy...), or "chart"
 * @param source        the file it was rendered from, or null
 * @param action        what happens, in one or two sentences
 * @param onFailure     what a failure here means for the release and the running app
 * @param failureDetail where to look, and what limits apply
 * @param objects       for the apply step: the objects applied (Kind/name, in Helm's install order)
 * @param gate          for a rollout: the gate its new pods wait at, or null
 */
public record Step(int number, Stage stage, String kind, String name, String namespace, Long weight, String plan,
                   String role, String source, String action, String onFailure, String failureDetail,
                   List<String> objects, GateInfo gate) {

    /** The role of a chart's own object (one sluice did not generate). */
    public static final String CHART = "chart";
    /** The role of the apply step: the release's objects at once. */
    public static final String RELEASE = "release";
    /** The role of an object sluice generated with no role label of its own. */
    public static final String SLUICE = "sluice";
    /** The role of a pre-install copy sluice makes of what the migration uses on a first install. */
    public static final String FIRST_INSTALL_COPY = "first-install-copy";

    /** The gate a rollout's new pods wait at. */
    public record GateInfo(String container, String job, int timeoutSeconds, boolean sluice) {
    }

    public String kindName() {
        return kind.isEmpty() ? "" : kind + "/" + name;
    }
}
