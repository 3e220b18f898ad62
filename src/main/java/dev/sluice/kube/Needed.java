package dev.sluice.kube;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An object a pod cannot start without: its ServiceAccount, the Secrets and ConfigMaps its containers,
 * volumes and pull secrets name (optional references and the kube-root-ca.crt every namespace has
 * do not count).
 *
 * @param field where the pod names it, from {@code at} down
 */
public record Needed(String kind, String name, String field) {

    /*
     * equals and hashCode written out: a record's own are linked at their first call through
     * java.lang.runtime.ObjectMethods, whose method-handle set-up costs a render ~10 ms, and this is the one record a
     * render of a typical chart puts in a hash set (RecordMethodsTest keeps them the record's).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Needed n && java.util.Objects.equals(kind, n.kind) && java.util.Objects.equals(name, n.name)
                && java.util.Objects.equals(field, n.field);
    }

    @Override
    public int hashCode() {
        return (31 * java.util.Objects.hashCode(kind) + java.util.Objects.hashCode(name)) * 31 + java.util.Objects.hashCode(field);
    }

    /** What {@code pod} (a pod spec found at {@code at}) needs, each object once, in the order the pod names them. */
    public static Set<Needed> by(JsonNode pod, String at) {
        return by(List.of(pod), at);
    }

    /** What {@code pods} (pod specs, each found at {@code at}) need together, each object once, as the first pod names it. */
    public static Set<Needed> by(List<JsonNode> pods, String at) {
        Set<Needed> out = new LinkedHashSet<>();
        for (JsonNode pod : pods) {
            add(out, pod, at);
        }
        return out;
    }

    private static void add(Set<Needed> out, JsonNode pod, String at) {
        String sa = pod.path("serviceAccountName").asText(pod.path("serviceAccount").asText(""));
        if (!sa.isEmpty() && !sa.equals("default") && out.stream().noneMatch(n -> n.kind().equals("ServiceAccount") && n.name().equals(sa))) {
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
            JsonNode secret = v.path("secret");
            if (!secret.path("secretName").asText("").isEmpty() && !secret.path("optional").asBoolean(false)) {
                add(out, "Secret", secret.path("secretName").asText(), vat + ".secret");
            }
            add(out, "ConfigMap", v.path("configMap"), vat + ".configMap");
            for (JsonNode source : v.path("projected").path("sources")) {
                add(out, "Secret", source.path("secret"), vat + ".projected");
                add(out, "ConfigMap", source.path("configMap"), vat + ".projected");
            }
        }
    }

    private static void add(Set<Needed> out, String kind, JsonNode ref, String field) {
        if (!ref.path("optional").asBoolean(false)) {
            add(out, kind, ref.path("name").asText(""), field);
        }
    }

    private static void add(Set<Needed> out, String kind, String name, String field) {
        if (!name.isEmpty() && !name.equals("kube-root-ca.crt")
                && out.stream().noneMatch(n -> n.kind().equals(kind) && n.name().equals(name))) {
            out.add(new Needed(kind, name, field));
        }
    }

    public String kindName() {
        return kind + "/" + name;
    }
}
