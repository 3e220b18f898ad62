package dev.sluice.check;

import dev.sluice.kube.Resource;
import dev.sluice.kube.Gate;
import dev.sluice.kube.Severity;
import dev.sluice.kube.Rendered;
import dev.sluice.kube.Mesh;
import dev.sluice.kube.KnownImages;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SLU010: a migration or hook Job whose pod has a sidecar that never exits (a mesh proxy, a database
 * proxy): the Job never completes, so Helm and every gate wait until their timeouts.
 */
public final class SidecarNeverExits extends Rule {
    public SidecarNeverExits() {
        super("SLU010", Severity.ERROR,
                "a migration or hook Job's pod has a sidecar that never exits (istio-proxy, cloud-sql-proxy, nginx..., or a mesh injection without its native-sidecar mode)");
    }

    @Override
    public List<Finding> check(Rendered stream) {
        Set<String> awaited = new HashSet<>();
        for (Resource r : stream.withPods()) {
            Gate.in(r.podSpec()).forEach(g -> awaited.add(g.job()));
        }
        List<Finding> out = new ArrayList<>();
        for (Resource r : stream.withPods()) {
            boolean job = r.kind().equals("Job") || r.kind().equals("Pod");
            boolean migration = r.hook().isPresent() || r.labels().path(Keys.ROLE).asText("").equals("migration")
                    || (r.kind().equals("Job") && awaited.contains(r.name()));
            if (!job || !migration) {
                continue;
            }
            String what = r.hook().isPresent() ? "hook" : "migration Job";
            JsonNode meta = r.podMetadata();
            for (Mesh mesh : Mesh.ALL) {
                if (mesh.nativeSidecar(meta.path("annotations"))) {
                    continue;
                }
                for (String where : mesh.injectIn()) {
                    JsonNode inject = meta.path(where).path(mesh.inject());
                    if (mesh.asks(inject)) {
                        out.add(finding(r, r.podMetadataPath() + "." + where + "." + mesh.inject(),
                                mesh.inject() + " is '" + inject.asText() + "': the mesh adds " + mesh.proxy() + ", which never exits, so this "
                                        + what + " never completes and whatever waits for it times out",
                                "set " + mesh.inject() + ": \"" + mesh.optOut() + "\" on the pod template, or keep the mesh with its native sidecar: "
                                        + mesh.nativeSidecar() + ": \"true\" in the pod template's annotations (it stops when the Job is done)"));
                    }
                }
            }
            JsonNode containers = r.podSpec().path("containers");
            if (containers.size() < 2) {
                continue;
            }
            for (int i = 0; i < containers.size(); i++) {
                JsonNode c = containers.get(i);
                String name = c.path("name").asText("");
                KnownImages.Known known = KnownImages.of(c).filter(k -> k.role().neverExits()).orElse(null);
                if (known == null) {
                    continue;
                }
                out.add(finding(r, r.podSpecPath() + ".containers[" + i + "]",
                        "container " + name + " (" + known.word() + ", " + known.role().words() + ") runs until it is killed, so this " + what
                                + " never completes once the migration is done, and whatever waits for it times out",
                        "move it to initContainers with restartPolicy: Always (a native sidecar, Kubernetes 1.29+), which stops"
                                + " when the other containers are done, or make it exit (e.g. cloud-sql-proxy --quitquitquit)"));
            }
        }
        return out;
    }
}
