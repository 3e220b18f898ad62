package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kube.Keys;
import dev.sluice.downstream.Made;
import dev.sluice.plan.Workload;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
                rule("", "configmaps", w.names().record(), "get"),
                new PolicyRuleBuilder().withApiGroups("batch").withResources("jobs").withResourceNames(jobs).withVerbs("get").build())));
        out.add(binding(w, gate, Keys.ROLE_ACCESS, w.weights().roleBinding(), subjects(w)));
        String record = w.names().recordAccess();
        Made account = Metadata.hook(w, "ServiceAccount", Keys.ROLE_RECORD, "pre-install,pre-upgrade", w.weights().recordAccount(),
                "before-hook-creation");
        out.add(Metadata.made(w, account, Built.tree(new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(record)
                .withLabels(Metadata.labels(w.plan(), Keys.ROLE_RECORD))
                .withAnnotations(Metadata.annotations(w, account))
                .endMetadata()
                .withAutomountServiceAccountToken(false)
                .build())));
        out.add(role(w, record, Keys.ROLE_RECORD, w.weights().recordRole(), List.of(
                rule("", "configmaps", w.names().record(), "get", "patch"),
                rule("batch", "jobs", w.jobName(), "get"))));
        out.add(binding(w, record, Keys.ROLE_RECORD, w.weights().recordRoleBinding(),
                List.of(new SubjectBuilder().withKind("ServiceAccount").withName(record).build())));
        return out;
    }

    private static PolicyRule rule(String group, String resource, String name, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withResourceNames(name).withVerbs(verbs).build();
    }

    private static ObjectNode role(Weaving w, String name, String role, long weight, List<PolicyRule> rules) {
        Made made = Metadata.hook(w, "Role", role, "pre-install,pre-upgrade", weight, "before-hook-creation");
        return Metadata.made(w, made, Built.tree(new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Metadata.labels(w.plan(), role))
                .withAnnotations(Metadata.annotations(w, made))
                .endMetadata()
                .withRules(rules)
                .build()));
    }

    private static ObjectNode binding(Weaving w, String name, String role, long weight, List<Subject> subjects) {
        Made made = Metadata.hook(w, "RoleBinding", role, "pre-install,pre-upgrade", weight, "before-hook-creation");
        return Metadata.made(w, made, Built.tree(new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Metadata.labels(w.plan(), role))
                .withAnnotations(Metadata.annotations(w, made))
                .endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
                .withSubjects(subjects)
                .build()));
    }

    /**
     * Who reads: the gated pods' ServiceAccounts, and where hooks are ignored the migration's (its first step reads
     * the record). With no namespace, a RoleBinding's subject is in the binding's namespace.
     */
    static List<Subject> subjects(Weaving w) {
        Set<List<String>> accounts = new TreeSet<>(Comparator.comparing((List<String> a) -> a.get(1)).thenComparing(a -> a.get(0)));
        if (!w.downstream().runsHooks()) {
            accounts.add(account(w.plan().source()));
        }
        for (Workload t : w.plan().targets()) {
            accounts.add(account(t));
        }
        List<Subject> out = new ArrayList<>();
        for (List<String> account : accounts) {
            SubjectBuilder subject = new SubjectBuilder().withKind("ServiceAccount").withName(account.get(1));
            if (!account.get(0).isEmpty()) {
                subject.withNamespace(account.get(0));
            }
            out.add(subject.build());
        }
        return out;
    }

    private static List<String> account(Workload w) {
        return List.of(w.object().path("metadata").path("namespace").asText(""), w.serviceAccountName());
    }
}
