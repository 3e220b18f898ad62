package dev.sluice.plan;

import dev.sluice.kube.Keys;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.stream.Document;
import dev.sluice.stream.StreamException;
import dev.sluice.stream.StreamReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads and validates plans: from a file, from a tree (KRM functionConfig), or from quick flags. */
public final class PlanLoader {
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job");

    private PlanLoader() {
    }

    /** The workload kinds a target may name (read-only; for the JSON Schema). */
    public static Set<String> targetKinds() {
        return KINDS;
    }

    /** The pattern of plan names and name prefixes (read-only; for the JSON Schema). */
    public static String dnsLabelPattern() {
        return DNS_LABEL.pattern();
    }

    /** Loads several plan files; plan names must be unique across all of them. */
    public static List<MigrationPlan> loadAll(List<Path> files) {
        List<MigrationPlan> plans = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (Path file : files) {
            for (MigrationPlan plan : load(file)) {
                plans.add(plan);
                origins.add("plan file " + file + " (plan " + plan.name() + ")");
            }
        }
        return validateAll(plans, origins);
    }

    /** A plan is a few kilobytes; reading stops past this, so that {@code -c /dev/zero} or a wrong file fails fast. */
    public static final int MAX_PLAN_BYTES = 1 << 20;

    public static List<MigrationPlan> load(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new PlanException("plan file " + file + " is a directory; pass the plan file itself, e.g. --config "
                        + file.resolve("sluice.yaml"));
            }
            try (java.io.InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_PLAN_BYTES + 1);
            }
            if (bytes.length > MAX_PLAN_BYTES) {
                throw new PlanException("plan file " + file + " is larger than " + (MAX_PLAN_BYTES >> 20) + " MiB, and a plan"
                        + " is a few kilobytes: is it the right file? (the rendered manifests go on stdin or -f, the plan in --config)");
            }
        } catch (NoSuchFileException e) {
            throw new PlanException("plan file " + file + " does not exist" + (file.isAbsolute() ? "" : " (relative to "
                    + Path.of("").toAbsolutePath() + "; post-renderers run in helm's working directory, so prefer an absolute path)"));
        } catch (IOException e) {
            throw new PlanException("cannot read plan file " + file + ": " + e.getMessage());
        }
        List<Document> docs;
        try {
            docs = StreamReader.read(bytes);
        } catch (StreamException e) {
            throw new PlanException("plan file " + file + ": " + e.getMessage());
        }
        List<MigrationPlan> plans = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (Document doc : docs) {
            ObjectNode tree;
            try {
                tree = doc.tree().orElse(null);
            } catch (StreamException e) {
                throw new PlanException("plan file " + file + ", " + e.getMessage());
            }
            if (tree == null) {
                continue;
            }
            String where = "plan file " + file + ", " + doc.describe();
            plans.add(bind(tree, where));
            origins.add(where);
        }
        if (plans.isEmpty()) {
            throw new PlanException("plan file " + file + " holds no MigrationPlan");
        }
        return validateAll(plans, origins);
    }

    /** Binds and validates one plan tree; {@code where} names its origin in messages. */
    public static MigrationPlan bind(JsonNode tree, String where) {
        String apiVersion = tree.path("apiVersion").asText("");
        String kind = tree.path("kind").asText("");
        if (!MigrationPlan.KIND.equals(kind) || !Keys.API_VERSION.equals(apiVersion)) {
            String field = !MigrationPlan.KIND.equals(kind)
                    ? "kind is " + (kind.isEmpty() ? "missing" : "'" + kind + "'") + ", expected " + MigrationPlan.KIND
                    : "apiVersion is " + (apiVersion.isEmpty() ? "missing" : "'" + apiVersion + "'") + ", expected " + Keys.API_VERSION;
            boolean manifest = !kind.isEmpty() && !apiVersion.startsWith(Keys.PREFIX) && tree.has("metadata");
            throw new PlanException(where + ": " + field + " (a plan starts with apiVersion: " + Keys.API_VERSION
                    + " and kind: " + MigrationPlan.KIND + ")"
                    + (manifest ? "; this looks like a Kubernetes manifest: manifests go on stdin (or -f), the plan in --config" : ""));
        }
        JsonNode strings = PlanStrings.read(tree.deepCopy(), where);
        MigrationPlan plan = RecordBinder.strict(strings, MigrationPlan.class).orElseGet(() -> Jackson.bind(strings, where));
        validate(plan, where);
        return plan;
    }

    /**
     * Jackson's binding, for the trees {@link RecordBinder} is not sure of: it words every error. In a class of its
     * own so that its mapper is made (and its exceptions loaded) only then.
     */
    static final class Jackson {
        static final ObjectMapper BINDER = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // 1.5 seconds is not cut to 1: Kubernetes refuses a fraction where it counts whole seconds
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

        private Jackson() {
        }

        static MigrationPlan bind(JsonNode tree, String where) {
            try {
                return BINDER.treeToValue(tree, MigrationPlan.class);
            } catch (UnrecognizedPropertyException e) {
                String field = e.getPropertyName();
                List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
                String suggestion = Suggest.closest(field, known).map(s -> "; did you mean '" + s + "'?").orElse("");
                throw new PlanException(where + ": unknown field " + path(e, true) + suggestion + " (known here: "
                        + String.join(", ", known) + ")");
            } catch (InvalidFormatException e) {
                if (e.getValue() instanceof Number n && (e.getTargetType() == Integer.class || e.getTargetType() == Long.class
                        || e.getTargetType() == int.class || e.getTargetType() == long.class)) {
                    throw new PlanException(where + ": field " + path(e, false) + " must be a whole number, not " + n
                            + " (Kubernetes counts it in whole units)");
                }
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new PlanException(where + ": field " + path(e, false) + ": " + cause.getMessage());
            } catch (ValueInstantiationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new PlanException(where + ": field " + path(e, false) + ": " + cause.getMessage());
            } catch (MismatchedInputException e) {
                String required = e.getOriginalMessage().contains("Missing required") ? "is required" : "has the wrong type ("
                        + e.getOriginalMessage().replaceAll("\\s+at \\[.*", "").replaceAll(" \\(.*", "") + ")";
                String p = path(e, false);
                if (e.getOriginalMessage().contains("Missing required creator property")) {
                    String missing = e.getOriginalMessage().replaceAll(".*property '([^']*)'.*", "$1");
                    p = p.isEmpty() ? missing : p + "." + missing;
                }
                throw new PlanException(where + ": field " + p + " " + required);
            } catch (JsonMappingException e) {
                throw new PlanException(where + ": " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new PlanException(where + ": " + e.getMessage());
            }
        }
    }

    /**
     * spec.migration.adopt: the chart's Job migrates, as the chart wrote it; what would shape sluice's own migration Job has
     * nothing to shape, so it is refused rather than silently ignored.
     */
    private static void adopt(String at, MigrationPlan.Migration m) {
        if (m.adopt().job() == null || m.adopt().job().isBlank()) {
            throw new PlanException(at + ": spec.migration.adopt.job is empty: name the chart's migration hook Job (its"
                    + " metadata.name, e.g. rel-kratos-automigrate; `sluice check` lists them as SLU012)");
        }
        java.util.Map<String, Object> excluded = new java.util.LinkedHashMap<>();
        excluded.put("command", m.command());
        excluded.put("args", m.args());
        excluded.put("image", m.image());
        excluded.put("env", m.env());
        excluded.put("resources", m.resources());
        excluded.put("backoffLimit", m.backoffLimit());
        excluded.put("activeDeadlineSeconds", m.activeDeadlineSeconds());
        excluded.put("hookWeight", m.hookWeight());
        excluded.put("pod", m.pod());
        List<String> set = excluded.entrySet().stream().filter(e -> e.getValue() != null).map(e -> "spec.migration." + e.getKey())
                .toList();
        if (!set.isEmpty()) {
            throw new PlanException(at + ": spec.migration.adopt and " + String.join(", ", set) + " exclude each other: adopted,"
                    + " the chart's Job " + m.adopt().job() + " migrates as the chart wrote it and sluice runs no migration Job of"
                    + " its own. Remove " + String.join(", ", set) + ", or remove spec.migration.adopt to run sluice's migration");
        }
    }

    private static String path(JsonMappingException e, boolean includeLast) {
        List<JsonMappingException.Reference> refs = e.getPath();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < refs.size(); i++) {
            JsonMappingException.Reference ref = refs.get(i);
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    static void validate(MigrationPlan plan, String where) {
        String name = plan.metadata().name();
        if (name == null || !DNS_LABEL.matcher(name).matches() || name.length() > 40) {
            throw new PlanException(where + ": metadata.name '" + name
                    + "' must be a DNS label of at most 40 characters (lower-case letters, digits, '-')");
        }
        String at = where.contains("MigrationPlan/") ? where : where + " (plan " + name + ")";
        MigrationPlan.Spec spec = plan.spec();
        List<MigrationPlan.Target> targets = spec.targets() == null ? List.of() : spec.targets();
        for (int i = 0; i < targets.size(); i++) {
            MigrationPlan.Target t = targets.get(i);
            String field = "spec.targets[" + i + "]";
            if ((t.name() == null || t.name().isBlank()) && t.selector() == null) {
                throw new PlanException(at + ": " + field + " needs a name or a selector");
            }
            if (t.kind() != null && !KINDS.contains(t.kind())) {
                throw new PlanException(at + ": " + field + ".kind '" + t.kind() + "' is not one of "
                        + KINDS.stream().sorted().collect(Collectors.joining(", "))
                        + Suggest.closest(t.kind(), List.copyOf(KINDS)).map(s -> "; did you mean '" + s + "'?").orElse(""));
            }
            if (t.selector() != null) {
                Selectors.check(t.selector(), at + ": " + field + ".selector");
            }
        }
        MigrationPlan.Migration m = spec.migration();
        if (m.adopt() != null) {
            adopt(at, m);
        } else if (m.command() == null || m.command().isEmpty() || m.command().stream().allMatch(String::isBlank)) {
            throw new PlanException(at + ": spec.migration.command is required: the command that migrates the database,"
                    + " for example [bin/console, doctrine:migrations:migrate, --no-interaction]");
        }
        PodOverrides.check(m.pod(), at);
        jobValues(at, "spec.migration", m.image(), m.resources(), m.backoffLimit(), m.activeDeadlineSeconds());
        if (m.ttlSecondsAfterFinished() != null && m.ttlSecondsAfterFinished() < 0) {
            throw new PlanException(at + ": spec.migration.ttlSecondsAfterFinished must be >= 0 (0 deletes the Job as soon"
                    + " as it finishes; the gate does not need it), not " + m.ttlSecondsAfterFinished());
        }
        if (spec.gate() != null) {
            image(at, "spec.wait.image", spec.gate().image());
        }
        if (spec.quiesce() != null) {
            image(at, "spec.quiesce.image", spec.quiesce().image());
            if (spec.quiesce().timeoutSeconds() != null && spec.quiesce().timeoutSeconds() <= 0) {
                throw new PlanException(at + ": spec.quiesce.timeoutSeconds must be > 0 (how long the quiesce Job waits for"
                        + " the old pods to be gone), not " + spec.quiesce().timeoutSeconds());
            }
        }
        if (spec.steps() != null) {
            Set<String> stepNames = new HashSet<>();
            List<List<MigrationPlan.Step>> phases = new ArrayList<>();
            phases.add(spec.steps().before() == null ? List.of() : spec.steps().before());
            phases.add(spec.steps().after() == null ? List.of() : spec.steps().after());
            String[] fields = {"spec.steps.before", "spec.steps.after"};
            for (int p = 0; p < 2; p++) {
                if (phases.get(p).size() > MigrationPlan.Steps.MAX) {
                    throw new PlanException(at + ": " + fields[p] + " has more than " + MigrationPlan.Steps.MAX + " steps");
                }
                for (int i = 0; i < phases.get(p).size(); i++) {
                    MigrationPlan.Step step = phases.get(p).get(i);
                    String field = fields[p] + "[" + i + "]";
                    if (!DNS_LABEL.matcher(step.name()).matches() || step.name().length() > 30) {
                        throw new PlanException(at + ": " + field + ".name '" + step.name()
                                + "' must be a DNS label of at most 30 characters (lower-case letters, digits, '-')");
                    }
                    if (!stepNames.add(step.name())) {
                        throw new PlanException(at + ": " + field + ".name '" + step.name() + "' is used by another step; step names must be unique");
                    }
                    if (step.command().isEmpty() || step.command().stream().allMatch(String::isBlank)) {
                        throw new PlanException(at + ": " + field + ".command is empty: give the step's command in exec form");
                    }
                    jobValues(at, field, step.image(), step.resources(), step.backoffLimit(), step.activeDeadlineSeconds());
                }
            }
        }
        if (m.hookWeight() != null && m.hookWeight() <= MigrationPlan.Migration.LAST_ACCESS_WEIGHT) {
            throw new PlanException(at + ": spec.migration.hookWeight must be above " + MigrationPlan.Migration.LAST_ACCESS_WEIGHT
                    + ": sluice's RBAC hooks run from " + MigrationPlan.Migration.FIRST_ACCESS_WEIGHT + " to "
                    + MigrationPlan.Migration.LAST_ACCESS_WEIGHT);
        }
        if (spec.gate() != null && spec.gate().timeoutSeconds() != null && spec.gate().timeoutSeconds() <= 0) {
            throw new PlanException(at + ": spec.wait.timeoutSeconds must be > 0 (how long a pod waits at the gate), not "
                    + spec.gate().timeoutSeconds());
        }
        if (spec.rollout() != null && spec.rollout().maxSurge() != null && Rollouts.isZero(spec.rollout().maxSurge())) {
            throw new PlanException(at + ": spec.rollout.maxSurge must be > 0: sluice sets maxUnavailable to 0, and"
                    + " the API rejects a RollingUpdate with both at 0");
        }
        if (spec.rollout() != null && spec.rollout().maxSurge() != null && !Rollouts.isValid(spec.rollout().maxSurge())) {
            throw new PlanException(at + ": spec.rollout.maxSurge must be a whole number or a percentage such as 25%, not "
                    + spec.rollout().maxSurge());
        }
        if (spec.namePrefix() != null && (!DNS_LABEL.matcher(spec.namePrefix()).matches() || spec.namePrefix().length() > 40)) {
            throw new PlanException(at + ": spec.namePrefix must be a DNS label of at most 40 characters");
        }
    }

    /** What a Job sluice makes (migration, step) takes from the plan, checked as Kubernetes would. */
    private static void jobValues(String at, String field, String image, JsonNode resources, Integer backoffLimit,
                                  Long activeDeadlineSeconds) {
        image(at, field + ".image", image);
        if (backoffLimit != null && backoffLimit < 0) {
            throw new PlanException(at + ": " + field + ".backoffLimit must be >= 0 (0: a failed run is not retried), not " + backoffLimit);
        }
        if (activeDeadlineSeconds != null && activeDeadlineSeconds <= 0) {
            throw new PlanException(at + ": " + field + ".activeDeadlineSeconds must be > 0 (how long the Job may run), not "
                    + activeDeadlineSeconds);
        }
        if (resources != null) {
            Resources.check(resources, at + ": " + field + ".resources");
        }
    }

    private static void image(String at, String field, String image) {
        if (image == null) {
            return;
        }
        String problem = ImageReference.problem(image);
        if (problem != null) {
            throw new PlanException(at + ": " + field + " " + problem + ": \""
                    + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(image)) + "\""
                    + "; give one image reference such as registry.example.com/app:1.2.3, or leave the field out for the default");
        }
    }

    static List<MigrationPlan> validateAll(List<MigrationPlan> plans, List<String> origins) {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            String name = plans.get(i).name();
            String earlier = seen.putIfAbsent(name, origins.get(i));
            if (earlier != null) {
                throw new PlanException(origins.get(i) + ": metadata.name '" + name + "' is already the name of the plan in "
                        + earlier + "; plan names must be unique (they name the migration Job and its RBAC)");
            }
        }
        return plans;
    }

    /** Reads plan text (stdin-less callers: tests, KRM functionConfig as text). */
    public static List<MigrationPlan> parse(String text, String where) {
        List<MigrationPlan> plans = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (Document doc : StreamReader.read(text.getBytes(StandardCharsets.UTF_8))) {
            doc.tree().ifPresent(t -> {
                plans.add(bind(t, where + ", " + doc.describe()));
                origins.add(where + ", " + doc.describe());
            });
        }
        return validateAll(plans, origins);
    }
}
