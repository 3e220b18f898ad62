package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.Workload;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Least privilege for the gate and the record: read this revision's Job, read and patch the record,
 * both by name; bound to the ServiceAccounts the gated pods and the migration run as (the implicit
 * "default" too). Hooks weighted before the migration, so the record step has them when it runs.
 */
final class AccessControl {
    private AccessControl() {
    }

    static List<ObjectNode> build(Weaving w) {
        String name = w.names().gateRole();
        ObjectNode role = Trees.tree(new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Generated.labels(w.plan(), "access"))
                .withAnnotations(Generated.hook(w, "pre-install,pre-upgrade", w.weights().role(),
                        "before-hook-creation"))
                .endMetadata()
                .withRules(
                        new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                                .withResourceNames(w.names().record()).withVerbs("get", "patch").build(),
                        new PolicyRuleBuilder().withApiGroups("batch").withResources("jobs")
                                .withResourceNames(w.names().job()).withVerbs("get").build())
                .build());
        ObjectNode binding = Trees.tree(new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Generated.labels(w.plan(), "access"))
                .withAnnotations(Generated.hook(w, "pre-install,pre-upgrade", w.weights().roleBinding(),
                        "before-hook-creation"))
                .endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
                .withSubjects(subjects(w))
                .build());
        return List.of(role, binding);
    }

    /** ServiceAccount subjects; with no namespace, a RoleBinding's subject is in the binding's namespace. */
    static List<Subject> subjects(Weaving w) {
        Set<List<String>> accounts = new java.util.TreeSet<>(java.util.Comparator.comparing((List<String> a) -> a.get(1)).thenComparing(a -> a.get(0)));
        accounts.add(account(w.plan().source()));
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
