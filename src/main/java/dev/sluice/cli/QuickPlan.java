package dev.sluice.cli;

import dev.sluice.kube.Keys;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.MigrationPlan;
import dev.sluice.plan.PlanLoader;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Quick flags: the one-plan case without a file, bound through the same validation as a plan file. */
final class QuickPlan {
    @Option(names = "--target", paramLabel = "[KIND/]NAME",
            description = "Workload to gate, by metadata.name, with its kind if not --kind's: api, CronJob/courier (repeatable;"
                    + " the first one is the migration's source unless --from says otherwise).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--selector", paramLabel = "K=V[,K=V]", description = "Workloads to gate, by labels (repeatable).")
    List<String> selectors = new ArrayList<>();

    @Option(names = "--kind", paramLabel = "KIND",
            description = "Kind of the targets named without one, and of --selector targets (default: Deployment).")
    String kind;

    @Option(names = "--command", paramLabel = "CMD", description = "Migration command, split on blanks (quotes group words).")
    String command;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Migration image (default: the source container's).")
    String image;

    @Option(names = "--from", paramLabel = "WORKLOAD[/CONTAINER]",
            description = "Where the migration inherits from (default: the first --target as written, its first container).")
    String from;

    @Option(names = "--strategy", paramLabel = "STRATEGY", description = "rolling (default), scale-down or delete.")
    String strategy;

    @Option(names = "--plan-name", paramLabel = "NAME", description = "Plan name (default: the first --target's name, else 'app').")
    String planName;

    @Option(names = "--wait-image", paramLabel = "IMAGE", description = "kubectl image of the gate (default: " + dev.sluice.weave.Defaults.GATE_IMAGE + ").")
    String waitImage;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", description = "How long pods wait for the migration (default: 900).")
    Integer waitTimeout;

    boolean given() {
        return !targets.isEmpty() || !selectors.isEmpty() || command != null || image != null || from != null
                || strategy != null || planName != null || waitImage != null || waitTimeout != null || kind != null;
    }

    MigrationPlan toPlan() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode plan = f.objectNode();
        plan.put("apiVersion", Keys.API_VERSION);
        plan.put("kind", MigrationPlan.KIND);
        List<QuickTarget> named = targets.stream().map(QuickTarget::of).toList();
        String name = planName != null ? planName : !named.isEmpty() ? named.get(0).name() : "app";
        plan.putObject("metadata").put("name", name);
        ObjectNode spec = plan.putObject("spec");
        ArrayNode ts = spec.putArray("targets");
        for (QuickTarget t : named) {
            ObjectNode target = ts.addObject().put("name", t.name());
            String k = t.kind() != null ? t.kind() : kind;
            if (k != null) {
                target.put("kind", k);
            }
        }
        for (String s : selectors) {
            ObjectNode target = ts.addObject();
            ObjectNode labels = target.putObject("selector").putObject("matchLabels");
            for (String pair : s.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw UsageException.picocli(this,
                            "--selector takes key=value pairs separated by commas, not '" + s + "'");
                }
                labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
            if (kind != null) {
                target.put("kind", kind);
            }
        }
        if (strategy != null) {
            spec.put("strategy", strategy);
        }
        ObjectNode migration = spec.putObject("migration");
        if (from == null && !named.isEmpty()) {
            // the first target as the person wrote it, not the first in stream order
            migration.putObject("from").put("workload", named.get(0).name());
        } else if (from != null) {
            String[] parts = from.split("/", 2);
            ObjectNode fromNode = migration.putObject("from").put("workload", parts[0]);
            if (parts.length == 2) {
                fromNode.put("container", parts[1]);
            }
        }
        if (image != null) {
            migration.put("image", image);
        }
        if (command != null) {
            ArrayNode words = migration.putArray("command");
            split(command).forEach(words::add);
        }
        if (waitImage != null || waitTimeout != null) {
            ObjectNode wait = spec.putObject("wait");
            if (waitImage != null) {
                wait.put("image", waitImage);
            }
            if (waitTimeout != null) {
                wait.put("timeoutSeconds", waitTimeout);
            }
        }
        return PlanLoader.bind(plan, "quick flags");
    }

    /** A {@code --target} value: {@code NAME} or {@code KIND/NAME} (names have no '/'). */
    record QuickTarget(String kind, String name) {
        static QuickTarget of(String value) {
            int slash = value.indexOf('/');
            if (slash < 0) {
                return new QuickTarget(null, value);
            }
            if (slash == 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
                throw new UsageException("--target " + value + ": give NAME or KIND/NAME, such as api or CronJob/courier");
            }
            return new QuickTarget(value.substring(0, slash), value.substring(slash + 1));
        }
    }

    /** Splits a command line on blanks; single or double quotes group words (no other shell syntax). */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new UsageException("--command " + line + ": the " + quote + " quote is never closed; close it,"
                    + " or quote the whole value for your shell (--command 'bin/migrate --name \"a b\"')");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
