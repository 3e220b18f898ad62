package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Keys;
import dev.sluice.downstream.Made;
import dev.sluice.plan.Workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Least privilege for the gate and the record, by name. The gated pods (and, where hooks are ignored, the
 * migration's first step) only read: {@code get} on this revision's Job and on the record, bound to the
 * ServiceAccounts they run as (the implicit "default" too, which any pod of the namespace may run as: so
 * never a write). Writing the record is the record Job's alone: sluice's own ServiceAccount, no token
 * automounted, bound to nothing else. Hooks weighted before the Jobs that use them.
 */
final class AccessControl {
    private static final String RBAC = "rbac.authorization.k8s.io";

    private AccessControl() {
    }

    static void weave(Weaving w, Woven out) {
        out.add(build(w));
    }

    static List<ObjectNode> build(Weaving w) {
        String writer = w.names().recordAccess();
        List<Workload> runners = new ArrayList<>(w.plan().targets());
        runners.add(w.plan().source());
        for (Workload t : runners) {
            if (t.serviceAccountName().equals(writer)) {
                throw new dev.sluice.plan.PlanException(t.describe() + ": " + t.podSpecPath() + ".serviceAccountName " + writer
                        + " is the record Job's own ServiceAccount, the only one that may write the record; pods of the app"
                        + " running as it could open every gate: give it another ServiceAccount (or set spec.namePrefix)");
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        String gate = w.names().gateRole();
        // the migration's step that waits for a Job of the strategy reads that Job too
        List<String> jobs = new ArrayList<>(List.of(w.jobName()));
        jobs.addAll(w.strategy().migrationWaitsFor(w));
        out.add(role(w, gate, Keys.ROLE_ACCESS, w.weights().role(), List.of(
                rule("", "configmaps", List.of(w.names().record()), "get"),
                rule("batch", "jobs", jobs, "get"))));
        out.add(binding(w, gate, Keys.ROLE_ACCESS, w.weights().roleBinding(), subjects(w)));
        String record = w.names().recordAccess();
        Made account = Metadata.hook(w, "ServiceAccount", Keys.ROLE_RECORD, "pre-install,pre-upgrade", w.weights().recordAccount(),
                "before-hook-creation");
        out.add(Metadata.made(w, account, serviceAccount(record, Metadata.annotations(w, account),
                Metadata.labels(w.plan(), Keys.ROLE_RECORD))));
        out.add(role(w, record, Keys.ROLE_RECORD, w.weights().recordRole(), List.of(
                rule("", "configmaps", List.of(w.names().record()), "get", "patch"),
                rule("batch", "jobs", List.of(w.jobName()), "get"))));
        out.add(binding(w, record, Keys.ROLE_RECORD, w.weights().recordRoleBinding(), List.of(subject(record, ""))));
        return out;
    }

    /** A rule of a Role: {@code verbs} on {@code resource} of API group {@code group}, limited to {@code names} if any. */
    static ObjectNode rule(String group, String resource, List<String> names, String... verbs) {
        return Built.object().strings("apiGroups", group).strings("resourceNames", names).strings("resources", resource)
                .strings("verbs", verbs).tree();
    }

    static ObjectNode serviceAccount(String name, Map<String, String> annotations, Map<String, String> labels) {
        return Built.resource("v1", "ServiceAccount", Built.metadata(name, annotations, labels))
                .put("automountServiceAccountToken", false)
                .tree();
    }

    static ObjectNode role(String name, Map<String, String> annotations, Map<String, String> labels, List<ObjectNode> rules) {
        return Built.resource(RBAC + "/v1", "Role", Built.metadata(name, annotations, labels))
                .objects("rules", rules)
                .tree();
    }

    /** Binds the Role of the same name to {@code subjects}. */
    static ObjectNode roleBinding(String name, Map<String, String> annotations, Map<String, String> labels, List<ObjectNode> subjects) {
        return Built.resource(RBAC + "/v1", "RoleBinding", Built.metadata(name, annotations, labels))
                .put("roleRef", Built.object().put("name", name).put("kind", "Role").put("apiGroup", RBAC))
                .objects("subjects", subjects)
                .tree();
    }

    /** A ServiceAccount as a subject; with no namespace, the binding's. */
    static ObjectNode subject(String serviceAccount, String namespace) {
        return Built.object().put("name", serviceAccount).put("kind", "ServiceAccount")
                .put("namespace", namespace.isEmpty() ? null : namespace).tree();
    }

    private static ObjectNode role(Weaving w, String name, String role, long weight, List<ObjectNode> rules) {
        Made made = Metadata.hook(w, "Role", role, "pre-install,pre-upgrade", weight, "before-hook-creation");
        return Metadata.made(w, made, role(name, Metadata.annotations(w, made), Metadata.labels(w.plan(), role), rules));
    }

    private static ObjectNode binding(Weaving w, String name, String role, long weight, List<ObjectNode> subjects) {
        Made made = Metadata.hook(w, "RoleBinding", role, "pre-install,pre-upgrade", weight, "before-hook-creation");
        return Metadata.made(w, made, roleBinding(name, Metadata.annotations(w, made), Metadata.labels(w.plan(), role), subjects));
    }

    /**
     * Who reads: the gated pods' ServiceAccounts, and where hooks are ignored the migration's (its first step reads
     * the record). With no namespace, a RoleBinding's subject is in the binding's namespace.
     */
    static List<ObjectNode> subjects(Weaving w) {
        Set<List<String>> accounts = new TreeSet<>(Comparator.comparing((List<String> a) -> a.get(1)).thenComparing(a -> a.get(0)));
        if (!w.downstream().runsHooks()) {
            accounts.add(account(w.plan().source()));
        }
        for (Workload t : w.plan().targets()) {
            accounts.add(account(t));
        }
        List<ObjectNode> out = new ArrayList<>();
        for (List<String> account : accounts) {
            out.add(subject(account.get(1), account.get(0)));
        }
        return out;
    }

    private static List<String> account(Workload w) {
        return List.of(w.object().path("metadata").path("namespace").asText(""), w.serviceAccountName());
    }
}
