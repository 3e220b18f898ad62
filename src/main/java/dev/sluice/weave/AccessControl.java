package dev.sluice.weave;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.plan.Workload;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
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
                .withAnnotations(Generated.hook(w.plan(), "pre-install,pre-upgrade", HookWeights.ROLE,
                        "before-hook-creation", w.helm4File()))
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
                .withAnnotations(Generated.hook(w.plan(), "pre-install,pre-upgrade", HookWeights.ROLE_BINDING,
                        "before-hook-creation", w.helm4File()))
                .endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
                .withSubjects(subjects(w))
                .build());
        return List.of(role, binding);
    }

    static List<Subject> subjects(Weaving w) {
        Set<String> accounts = new LinkedHashSet<>();
        String migrationAccount = w.plan().source().serviceAccountName();
        accounts.add(migrationAccount);
        for (Workload t : w.plan().targets()) {
            accounts.add(t.serviceAccountName());
        }
        List<Subject> out = new ArrayList<>();
        for (String account : accounts.stream().sorted().toList()) {
            out.add(new SubjectBuilder().withKind("ServiceAccount").withName(account).build());
        }
        return out;
    }
}
