package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Keys;

import java.util.ArrayList;
import java.util.List;

/**
 * The containers sluice injects (gate, record): kubectl with a shell script, Pod Security
 * "restricted", small requests, their own service-account token so that the app's containers never
 * get one they did not have.
 */
final class KubectlContainer {
    static final String TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

    private KubectlContainer() {
    }

    static ObjectNode build(String name, String image, String script, List<ObjectNode> env) {
        return container(name, image, script, env)
                .objects("volumeMounts",
                        Built.object().put("name", Keys.TOKEN_VOLUME).put("mountPath", TOKEN_PATH).put("readOnly", true),
                        Built.object().put("name", Keys.TMP_VOLUME).put("mountPath", "/tmp"))
                .tree();
    }

    /** The same container without the token and kubectl's cache: for a script that talks to no API server. */
    static ObjectNode offline(String name, String image, String script, List<ObjectNode> env) {
        return container(name, image, script, env).tree();
    }

    private static Built container(String name, String image, String script, List<ObjectNode> env) {
        List<ObjectNode> all = new ArrayList<>(env);
        all.add(env("HOME", "/tmp"));
        return Built.object()
                .put("name", name)
                .strings("command", "/bin/sh", "-c", script)
                .objects("env", all)
                .put("image", image)
                .put("imagePullPolicy", "IfNotPresent")
                .put("resources", Built.object()
                        .put("limits", Built.object().put("memory", "128Mi"))
                        .put("requests", Built.object().put("cpu", "10m").put("memory", "48Mi")))
                .put("securityContext", Built.object()
                        .put("allowPrivilegeEscalation", false)
                        .put("capabilities", Built.object().strings("drop", "ALL"))
                        .put("readOnlyRootFilesystem", true)
                        .put("runAsGroup", Defaults.NON_ROOT_UID)
                        .put("runAsNonRoot", true)
                        .put("runAsUser", Defaults.NON_ROOT_UID)
                        .put("seccompProfile", runtimeDefault()))
                .put("terminationMessagePolicy", "FallbackToLogsOnError");
    }

    /** The pod of a Job of sluice's own (quiesce, restore, record): its ServiceAccount, its one container, no automount. */
    static Built ownPod(String serviceAccount, ObjectNode container) {
        return Built.object()
                .put("automountServiceAccountToken", false)
                .objects("containers", List.of(container))
                .put("restartPolicy", "Never")
                .put("securityContext", Built.object().put("runAsNonRoot", true).put("seccompProfile", runtimeDefault()))
                .put("serviceAccountName", serviceAccount)
                .objects("volumes", volumes());
    }

    static ObjectNode env(String name, String value) {
        return Built.object().put("name", name).put("value", value).tree();
    }

    private static Built runtimeDefault() {
        return Built.object().put("type", "RuntimeDefault");
    }

    /** A projected token, CA and namespace: what kubectl needs in-cluster, mounted only where sluice mounts it. */
    static List<ObjectNode> volumes() {
        Built token = Built.object()
                .put("name", Keys.TOKEN_VOLUME)
                .put("projected", Built.object()
                        .put("defaultMode", 0444)
                        .objects("sources",
                                Built.object().put("serviceAccountToken", Built.object().put("expirationSeconds", 3600L).put("path", "token")),
                                Built.object().put("configMap", Built.object()
                                        .put("name", "kube-root-ca.crt")
                                        .objects("items", Built.object().put("key", "ca.crt").put("path", "ca.crt"))),
                                Built.object().put("downwardAPI", Built.object()
                                        .objects("items", Built.object()
                                                .put("fieldRef", Built.object().put("fieldPath", "metadata.namespace"))
                                                .put("path", "namespace")))));
        Built tmp = Built.object()
                .put("name", Keys.TMP_VOLUME)
                .put("emptyDir", Built.object().put("sizeLimit", "16Mi"));
        return List.of(token.tree(), tmp.tree());
    }
}
