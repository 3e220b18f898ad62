package dev.sluice.weave;

import dev.sluice.kube.Keys;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;

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

    static Container build(String name, String image, String script, List<EnvVar> env) {
        return new ContainerBuilder(offline(name, image, script, env))
                .addNewVolumeMount().withName(Keys.TOKEN_VOLUME).withMountPath(TOKEN_PATH).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName(Keys.TMP_VOLUME).withMountPath("/tmp").endVolumeMount()
                .build();
    }

    /** The same container without the token and kubectl's cache: for a script that talks to no API server. */
    static Container offline(String name, String image, String script, List<EnvVar> env) {
        List<EnvVar> all = new ArrayList<>(env);
        all.add(new EnvVarBuilder().withName("HOME").withValue("/tmp").build());
        return new ContainerBuilder()
                .withName(name)
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .withCommand("/bin/sh", "-c", script)
                .withEnv(all)
                .withNewResources()
                .addToRequests("cpu", new Quantity("10m"))
                .addToRequests("memory", new Quantity("48Mi"))
                .addToLimits("memory", new Quantity("128Mi"))
                .endResources()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(Defaults.NON_ROOT_UID)
                .withRunAsGroup(Defaults.NON_ROOT_UID)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
    }

    /** The pod of a Job of sluice's own (quiesce, restore, record): its ServiceAccount, its one container, no automount. */
    static PodSpec ownPod(String serviceAccount, Container container) {
        return new PodSpecBuilder()
                .withServiceAccountName(serviceAccount)
                .withAutomountServiceAccountToken(false)
                .withRestartPolicy("Never")
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container)
                .withVolumes(volumes())
                .build();
    }

    static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /** A projected token, CA and namespace: what kubectl needs in-cluster, mounted only where sluice mounts it. */
    static List<Volume> volumes() {
        Volume token = new VolumeBuilder()
                .withName(Keys.TOKEN_VOLUME)
                .withNewProjected()
                .withDefaultMode(0444)
                .addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(3600L).endServiceAccountToken().endSource()
                .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").addNewItem().withKey("ca.crt").withPath("ca.crt").endItem().endConfigMap().endSource()
                .addNewSource().withNewDownwardAPI().addNewItem().withPath("namespace").withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endItem().endDownwardAPI().endSource()
                .endProjected()
                .build();
        Volume tmp = new VolumeBuilder()
                .withName(Keys.TMP_VOLUME)
                .withNewEmptyDir().withSizeLimit(new Quantity("16Mi")).endEmptyDir()
                .build();
        return List.of(token, tmp);
    }
}
