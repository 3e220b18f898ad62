package dev.sluice.check;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SLU007: a pre-install hook whose pod uses a ServiceAccount, Secret or ConfigMap that is a regular
 * resource of the same release: on a first install Helm runs the hook before it creates them.
 */
public final class PreInstallNeedsRelease extends Rule {
    public PreInstallNeedsRelease() {
        super("SLU007", Severity.ERROR,
                "a pre-install hook pod uses a ServiceAccount, Secret or ConfigMap of the release, which a first install creates"
                    + " only after the hooks (warning when the hook also runs pre-upgrade, error when only pre-install)");
    }

    record Needed(String kind, String name, String field) {
    }

    @Override
    public List<Finding> check(Rendered stream) {
        List<Finding> out = new ArrayList<>();
        for (Resource r : stream.withPods()) {
            Hook hook = r.hook().orElse(null);
            if (hook == null || hook.skippedByHelm() || !hook.runsOn("pre-install")) {
                continue;
            }
            for (Needed n : needed(r.podSpec(), r.podSpecPath())) {
                Resource regular = stream.find(n.kind(), n.name(), r.namespace()).orElse(null);
                if (regular == null || regular.hook().isPresent() || copiedBefore(stream, n, r, hook)) {
                    continue;
                }
                boolean alsoUpgrade = hook.runsOn("pre-upgrade");
                out.add(r.finding(this, alsoUpgrade ? Severity.WARNING : Severity.ERROR, n.field(),
                        "uses " + n.kind() + "/" + n.name() + ", a regular resource of the release (" + regular.where()
                                + "): on a first install Helm runs pre-install hooks before it creates it, so this pod cannot start and the install fails"
                                + (alsoUpgrade ? " (upgrades are fine)" : ""),
                        "make a pre-install hook copy of " + n.kind() + "/" + n.name() + " with a lower weight (sluice does this"
                                + " itself under Helm 4), or create it before the first install"));
            }
        }
        return out;
    }

    /** A pre-install hook of the same kind and name that Helm runs before this one. */
    private static boolean copiedBefore(Rendered stream, Needed n, Resource user, Hook userHook) {
        for (Resource r : stream.hooks()) {
            Hook h = r.hook().orElseThrow();
            if (r.kind().equals(n.kind()) && r.name().equals(n.name()) && h.runsOn("pre-install")
                    && Hook.ORDER.compare(new Hook.Named(h, r.name()), new Hook.Named(userHook, user.name())) < 0) {
                return true;
            }
        }
        return false;
    }

    static Set<Needed> needed(JsonNode pod, String at) {
        Set<Needed> out = new LinkedHashSet<>();
        String sa = pod.path("serviceAccountName").asText(pod.path("serviceAccount").asText(""));
        if (!sa.isEmpty() && !sa.equals("default")) {
            out.add(new Needed("ServiceAccount", sa, at + ".serviceAccountName"));
        }
        JsonNode pulls = pod.path("imagePullSecrets");
        for (int i = 0; i < pulls.size(); i++) {
            add(out, "Secret", pulls.get(i), at + ".imagePullSecrets[" + i + "]");
        }
        for (String list : new String[]{"initContainers", "containers"}) {
            JsonNode containers = pod.path(list);
            for (int c = 0; c < containers.size(); c++) {
                String cat = at + "." + list + "[" + c + "]";
                JsonNode env = containers.get(c).path("env");
                for (int i = 0; i < env.size(); i++) {
                    JsonNode from = env.get(i).path("valueFrom");
                    add(out, "Secret", from.path("secretKeyRef"), cat + ".env[" + i + "].valueFrom.secretKeyRef");
                    add(out, "ConfigMap", from.path("configMapKeyRef"), cat + ".env[" + i + "].valueFrom.configMapKeyRef");
                }
                JsonNode envFrom = containers.get(c).path("envFrom");
                for (int i = 0; i < envFrom.size(); i++) {
                    add(out, "Secret", envFrom.get(i).path("secretRef"), cat + ".envFrom[" + i + "].secretRef");
                    add(out, "ConfigMap", envFrom.get(i).path("configMapRef"), cat + ".envFrom[" + i + "].configMapRef");
                }
            }
        }
        JsonNode volumes = pod.path("volumes");
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode v = volumes.get(i);
            String vat = at + ".volumes[" + i + "]";
            String secret = v.path("secret").path("secretName").asText("");
            if (!secret.isEmpty()) {
                out.add(new Needed("Secret", secret, vat + ".secret"));
            }
            add(out, "ConfigMap", v.path("configMap"), vat + ".configMap");
            for (JsonNode source : v.path("projected").path("sources")) {
                add(out, "Secret", source.path("secret"), vat + ".projected");
                add(out, "ConfigMap", source.path("configMap"), vat + ".projected");
            }
        }
        return out;
    }

    private static void add(Set<Needed> out, String kind, JsonNode ref, String field) {
        String name = ref.path("name").asText("");
        boolean optional = ref.path("optional").asBoolean(false);
        if (!name.isEmpty() && !optional && !name.equals("kube-root-ca.crt")
                && out.stream().noneMatch(n -> n.kind().equals(kind) && n.name().equals(name))) {
            out.add(new Needed(kind, name, field));
        }
    }
}
