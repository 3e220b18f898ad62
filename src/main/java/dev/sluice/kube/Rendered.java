package dev.sluice.kube;

import dev.sluice.plan.MigrationPlan;
import dev.sluice.stream.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The stream a check reads: its objects in order, and the plans given with it (maybe none). */
public record Rendered(List<Document> documents, List<Resource> resources, List<MigrationPlan> plans) {

    public static Rendered of(List<Document> docs, List<MigrationPlan> plans) {
        return new Rendered(docs, Resource.all(docs), plans);
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
}
