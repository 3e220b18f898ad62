package dev.sluice.plan;

import dev.sluice.kube.Keys;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The plan: which workloads wait for which migration, and how the old pods are treated meanwhile. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationPlan(
        @JsonProperty(required = true) @JsonPropertyDescription(Keys.API_VERSION) String apiVersion,
        @JsonProperty(required = true) @JsonPropertyDescription("MigrationPlan") String kind,
        @JsonProperty(required = true) Metadata metadata,
        @JsonProperty(required = true) Spec spec) {
    public static final String KIND = "MigrationPlan";

    public String name() {
        return metadata.name();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(
            @JsonProperty(required = true) @JsonPropertyDescription("Plan name: a DNS label; workloads opt in with the annotation sluice.dev/plan: <name>") String name,
            @JsonPropertyDescription("Free-form annotations, ignored by sluice (kpt and kustomize add their own)") Map<String, String> annotations,
            @JsonPropertyDescription("Free-form labels, ignored by sluice") Map<String, String> labels,
            @JsonPropertyDescription("Ignored: KRM tools such as kpt's set-namespace may set it on every resource of a package") String namespace) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(
            @JsonPropertyDescription("Workloads whose pods wait for the migration") List<Target> targets,
            @JsonPropertyDescription("rolling (default): old pods serve during the migration; scale-down; delete") Strategy strategy,
            @JsonProperty(required = true) @JsonPropertyDescription("The migration Job") Migration migration,
            @JsonProperty("wait") @JsonPropertyDescription("The gate: an initContainer in every target's pods") Wait gate,
            @JsonPropertyDescription("RollingUpdate settings; maxUnavailable is always 0") Rollout rollout,
            @JsonPropertyDescription("Name prefix of everything sluice generates (default: the migration's source workload name)") String namePrefix,
            @JsonPropertyDescription("Stopping the old pods (strategies scale-down and delete)") Quiesce quiesce,
            @JsonPropertyDescription("Jobs around the migration: before it (backup, read-only switch) and after the rollout (verification, contract)") Steps steps) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Quiesce(
            @JsonPropertyDescription("How long to wait for the old pods to be gone (default 300)") Integer timeoutSeconds,
            @JsonPropertyDescription("kubectl image of the quiesce and restore Jobs (default: spec.wait.image)") String image) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Steps(
            @JsonPropertyDescription("Run in order before the migration (pre-install, pre-upgrade hooks)") List<Step> before,
            @JsonPropertyDescription("Run in order after the rollout (post-install, post-upgrade hooks)") List<Step> after) {
        /** At most this many steps before, and after: each gets a hook weight of its own in sluice's order. */
        public static final int MAX = 14;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(
            @JsonProperty(required = true) @JsonPropertyDescription("Step name: a DNS label, unique in the plan") String name,
            @JsonPropertyDescription("Container to inherit from (default: the migration's)") From from,
            @JsonPropertyDescription("Image override") String image,
            @JsonProperty(required = true) @JsonPropertyDescription("The command (exec form)") List<String> command,
            List<String> args,
            @JsonPropertyDescription("Extra environment variables, after the inherited ones") List<JsonNode> env,
            @JsonPropertyDescription("Container resources (default: requests cpu 100m, memory 256Mi)") JsonNode resources,
            @JsonPropertyDescription("Job backoffLimit (default 0)") Integer backoffLimit,
            @JsonPropertyDescription("Job activeDeadlineSeconds (default 900)") Long activeDeadlineSeconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(
            @JsonPropertyDescription("Exact metadata.name of the workload") String name,
            @JsonPropertyDescription("Label selector on the workload's metadata.labels") Selector selector,
            @JsonPropertyDescription("Deployment (default), StatefulSet, DaemonSet, CronJob or Job") String kind) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Selector(
            Map<String, String> matchLabels,
            List<Requirement> matchExpressions) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Requirement(
            @JsonProperty(required = true) String key,
            @JsonProperty(required = true) @JsonPropertyDescription("In, NotIn, Exists, DoesNotExist") String operator,
            List<String> values) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Migration(
            @JsonPropertyDescription("The workload and container the migration inherits from: the container's image, env, envFrom and mounts; the pod's scheduling, service account, security context, labels, annotations and the init containers it needs") From from,
            @JsonPropertyDescription("Image override") String image,
            @JsonPropertyDescription("The migration command (exec form)") List<String> command,
            List<String> args,
            @JsonPropertyDescription("Extra environment variables, after the inherited ones") List<JsonNode> env,
            @JsonPropertyDescription("Container resources (default: requests cpu 100m, memory 256Mi)") JsonNode resources,
            @JsonPropertyDescription("Job backoffLimit (default 0: a failed migration is not retried)") Integer backoffLimit,
            @JsonPropertyDescription("Job activeDeadlineSeconds (default 900)") Long activeDeadlineSeconds,
            @JsonPropertyDescription("Seconds a finished migration Job (and its record Job) is kept (default 86400); the gate does not need the Job, and a Job created again from the same output does not run the migration again") Integer ttlSecondsAfterFinished,
            @JsonPropertyDescription("Helm hook weight of the migration Job (default: sluice chooses -10, or just after the chart's"
                    + " own hooks that create what the migration uses). Kept only if the migration still runs after sluice's RBAC"
                    + " (above -43), the quiesce Job (-30), the steps before and every hook creating what it uses, on a weight no"
                    + " other hook of its events has (nor the record Job's, one above it); refused otherwise") Integer hookWeight,
            @JsonPropertyDescription("The migration pod: it inherits the source pod's labels, annotations, scheduling and the init containers it needs; change that here") Pod pod,
            @JsonPropertyDescription("Adopt the chart's own migration hook Job instead of running one of sluice's: the targets wait"
                    + " for that Job, and the record keeps its success. Excludes command, args, image, env, resources, backoffLimit,"
                    + " activeDeadlineSeconds, hookWeight and pod (the chart's Job runs as the chart wrote it). Needs Helm hooks"
                    + " (Helm 4, helm template for Argo CD): Helm 3 never passes hooks to a post-renderer") Adopt adopt) {
        /** sluice's RBAC hooks run from this weight (the gate's Role) ... */
        public static final long FIRST_ACCESS_WEIGHT = -50;
        /** ... to this one (the record Job's RoleBinding): a plan's hookWeight must be above it. */
        public static final long LAST_ACCESS_WEIGHT = -43;
    }

    /** The chart's migration Job a plan adopts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Adopt(
            @JsonProperty(required = true) @JsonPropertyDescription("metadata.name of the chart's migration Job: a Helm hook"
                    + " run on pre-install and pre-upgrade, in the migration source's namespace") String job) {
    }

    /** Overrides of what the migration pod inherits from its source pod; scheduling fields replace the inherited value as a whole. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pod(
            @JsonPropertyDescription("Pod labels added to the inherited ones (a key given here replaces the inherited value)") Map<String, String> labels,
            @JsonPropertyDescription("Pod annotations added to the inherited ones (a key given here replaces the inherited value)") Map<String, String> annotations,
            @JsonPropertyDescription("Inherited pod label keys to leave out") List<String> removeLabels,
            @JsonPropertyDescription("Inherited pod annotation keys to leave out") List<String> removeAnnotations,
            @JsonPropertyDescription("The source pod's init containers to take, by name, kept in source order (default: those that fill a volume the migration mounts, and native sidecars); [] takes none") List<String> initContainers,
            @JsonPropertyDescription("Replaces the inherited nodeSelector ({} for none)") Map<String, String> nodeSelector,
            @JsonPropertyDescription("Replaces the inherited tolerations ([] for none)") List<JsonNode> tolerations,
            @JsonPropertyDescription("Replaces the inherited affinity ({} for none)") JsonNode affinity,
            @JsonPropertyDescription("Replaces the inherited priorityClassName") String priorityClassName,
            @JsonPropertyDescription("Replaces the inherited topologySpreadConstraints ([] for none)") List<JsonNode> topologySpreadConstraints,
            @JsonPropertyDescription("Replaces the inherited runtimeClassName") String runtimeClassName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record From(
            @JsonPropertyDescription("Workload name (default: the first target)") String workload,
            @JsonPropertyDescription("Container name (default: the workload's first container)") String container) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Wait(
            @JsonPropertyDescription("kubectl image with a POSIX shell, pinned (default registry.k8s.io/kubectl:v1.35.0)") String image,
            @JsonPropertyDescription("How long a pod waits for the migration before it fails (default 900)") Integer timeoutSeconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rollout(
            @JsonPropertyDescription("maxSurge for targets whose own is 0 or unset (default 25%); must be > 0") JsonNode maxSurge) {
    }
}
