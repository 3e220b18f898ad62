package dev.sluice.kube;

import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rendered stream as sluice reads it: its objects in order, which of them Helm runs as hooks, which have pods, and
 * whether what a hook's pod needs is there when Helm runs it. What {@code sluice check}, {@code sluice plan} and the weave
 * read; the weave edits the documents, never this.
 */
public record Rendered(List<Document> documents, List<Resource> resources) {

    public static Rendered of(List<Document> docs) {
        return new Rendered(docs, Resource.all(docs));
    }

    /** The object of this kind and name; one in the same namespace first, when several. */
    public Optional<Resource> find(String kind, String name, String namespace) {
        Resource any = null;
        for (Resource r : resources) {
            if (r.kind().equals(kind) && r.name().equals(name)) {
                if (r.namespace().equals(namespace)) {
                    return Optional.of(r);
                }
                if (any == null) {
                    any = r;
                }
            }
        }
        return Optional.ofNullable(any);
    }

    /** Objects Helm runs as hooks (a helm.sh/hook annotation it does not skip). */
    public List<Resource> hooks() {
        List<Resource> out = new ArrayList<>();
        for (Resource r : resources) {
            r.hook().filter(h -> !h.skippedByHelm()).ifPresent(h -> out.add(r));
        }
        return out;
    }

    /** Objects that have a pod spec (Deployment, Job, CronJob, Pod...). */
    public List<Resource> withPods() {
        return resources.stream().filter(r -> r.podSpecPath() != null && r.podSpec().isObject()).toList();
    }

    /**
     * What {@code user}, a hook of {@code event} (pre-install or pre-upgrade), uses that is not there when Helm runs it: one
     * sentence each ("uses Secret/x, which ..."). {@code sluice check} (SLU007) and the timeline of {@code sluice plan} say the same.
     */
    public List<String> missingWhenRun(Resource user, String event) {
        List<String> out = new ArrayList<>();
        Hook hook = user.hook().orElse(null);
        if (hook == null || hook.skippedByHelm() || !hook.runsOn(event) || user.podSpecPath() == null) {
            return out;
        }
        for (Needed n : Needed.by(user.podSpec(), user.podSpecPath())) {
            missing(n, user, hook, event).ifPresent(why -> out.add("uses " + n.kindName() + ", " + why));
        }
        return out;
    }

    /** Why {@code n} is missing when Helm runs {@code user} in {@code event}, or empty when it is there. */
    public Optional<String> missing(Needed n, Resource user, Hook userHook, String event) {
        Resource later = null;
        for (Resource h : creators(n, user, event)) {
            if (Hook.ORDER.compare(named(h), named(user)) < 0) {
                return Optional.empty();
            }
            later = later == null ? h : later;
        }
        String first = event.equals("pre-install") ? "a first install" : "an upgrade";
        if (later != null) {
            Hook h = later.hook().orElseThrow();
            if (event.equals("pre-upgrade") && !h.deletePolicies().contains("hook-succeeded")) {
                return Optional.empty(); // the one the last release made is still there
            }
            return Optional.of("which the hook " + later.where() + " (weight " + h.weight() + ") creates, and Helm runs " + event
                    + " hooks by weight, then name: this one (weight " + userHook.weight() + ") comes first"
                    + (event.equals("pre-upgrade") ? " and the last release's copy was deleted (hook-succeeded)" : "")
                    + ", so on " + first + " this pod cannot start and the " + (event.equals("pre-install") ? "install" : "upgrade") + " fails");
        }
        if (!event.equals("pre-install")) {
            return Optional.empty();
        }
        Resource regular = find(n.kind(), n.name(), user.namespace()).filter(r -> r.hook().isEmpty()).orElse(null);
        if (regular == null) {
            // made only by hooks of other events (pre-upgrade, post-install...): nothing makes it before a first install's hooks
            return hooks().stream().filter(r -> r != user && r.kind().equals(n.kind()) && r.name().equals(n.name())
                            && sameNamespace(r, user)).findFirst()
                    .map(r -> "which only the hook " + r.where() + " (" + String.join(", ", r.hook().orElseThrow().events())
                            + ") creates: on a first install nothing creates it before this pod, which cannot start, and the install fails");
        }
        return Optional.of("a regular resource of the release (" + regular.where()
                + "): on a first install Helm runs pre-install hooks before it creates it, so this pod cannot start and the install fails");
    }

    /** The hooks of {@code event} that create {@code n} in the namespace of {@code user}, a hook that uses it. */
    public List<Resource> creators(Needed n, Resource user, String event) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : hooks()) {
            if (r != user && r.kind().equals(n.kind()) && r.name().equals(n.name()) && sameNamespace(r, user)
                    && r.hook().orElseThrow().runsOn(event)) {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean sameNamespace(Resource a, Resource b) {
        return a.namespace().isEmpty() || b.namespace().isEmpty() || a.namespace().equals(b.namespace());
    }

    private static Hook.Named named(Resource r) {
        return new Hook.Named(r.hook().orElseThrow(), r.name(), r.kind());
    }
}
