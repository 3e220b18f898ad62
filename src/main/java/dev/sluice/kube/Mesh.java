package dev.sluice.kube;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A service mesh that injects its proxy into pods: the pod label or annotation that asks for it, the
 * value that says no, and the pod annotation that runs the proxy as a native sidecar (which stops when
 * the Job's containers are done, instead of running forever).
 */
public record Mesh(String proxy, String inject, String optOut, String nativeSidecar) {
    public static final Mesh ISTIO = new Mesh("istio-proxy", Keys.ISTIO_INJECT, "false", Keys.ISTIO_NATIVE_SIDECAR);
    public static final Mesh LINKERD = new Mesh("linkerd-proxy", Keys.LINKERD_INJECT, "disabled", Keys.LINKERD_NATIVE_SIDECAR);
    public static final List<Mesh> ALL = List.of(ISTIO, LINKERD);

    /** Whether this label or annotation value asks for the proxy (Istio injects unless "false"; Linkerd on "enabled"). */
    public boolean asks(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        return this == LINKERD ? value.asText().equals("enabled") : !value.asText().equalsIgnoreCase(optOut);
    }

    /** Whether the pod's annotations run this mesh's proxy as a native sidecar. */
    public boolean nativeSidecar(JsonNode podAnnotations) {
        return podAnnotations.path(nativeSidecar).asText("").equalsIgnoreCase("true");
    }

    /** Where the mesh reads its injection switch: Istio both labels and annotations, Linkerd annotations. */
    public List<String> injectIn() {
        return this == LINKERD ? List.of("annotations") : List.of("annotations", "labels");
    }
}
