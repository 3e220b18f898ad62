package dev.sluice.downstream;

/**
 * An object sluice makes, as whoever applies the output needs to know it to order it.
 *
 * @param role          its {@code sluice.dev/role}: access, record, migration, quiesce...
 * @param hookEvents    the Helm hook events it runs on where hooks run ("pre-install,pre-upgrade"), or null for a
 *                      resource of the release
 * @param weight        its place in sluice's order: the hook weight, or where a release resource falls among the hooks
 * @param deletePolicy  Helm's hook delete policy, or null
 */
public record Made(String plan, String kind, String role, String hookEvents, long weight, String deletePolicy) {

    /** A Job or Pod: it runs, rather than being applied. */
    boolean runs() {
        return kind.equals("Job") || kind.equals("Pod");
    }
}
