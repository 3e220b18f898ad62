package dev.sluice.plan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plan values are taken as written or refused: kubectl's reading of 0755 as 493 never reaches a command. */
class PlanStringsTest {
    /** A plan whose spec.migration holds {@code migration} ("\\n" or newlines between lines; indented here). */
    static MigrationPlan plan(String migration) {
        StringBuilder text = new StringBuilder("apiVersion: sluice.dev/v1alpha1\nkind: MigrationPlan\nmetadata: {name: p}\nspec:\n"
                + "  targets: [{name: api}]\n  migration:\n");
        for (String line : migration.replace("\\n", "\n").split("\n")) {
            text.append(line.startsWith(" ") ? line : "    " + line).append('\n');
        }
        return PlanLoader.parse(text.toString(), "plan.yaml").get(0);
    }

    @Test
    void commandAndArgsRunAsWritten() {
        MigrationPlan p = plan("    command: [migrate, --to-version, 1.10, --lock-timeout, 12:30, --umask, 0755, --verbose, on]\n"
                + "    args:\n      - 0o17\n      - yes\n      - ~x\n      - 1e3\n      - '0x1F'\n");
        assertEquals(List.of("migrate", "--to-version", "1.10", "--lock-timeout", "12:30", "--umask", "0755", "--verbose", "on"),
                p.spec().migration().command());
        assertEquals(List.of("0o17", "yes", "~x", "1e3", "0x1F"), p.spec().migration().args());
    }

    @Test
    void envValuesAndNamesAreTextAsWritten() {
        MigrationPlan p = plan("    command: [migrate]\n    env:\n      - {name: UMASK, value: 0755}\n      - {name: ON, value: on}\n"
                + "      - {name: RATIO, value: 16:9}\n      - {name: N, value: 5}\n"
                + "      - {name: S, valueFrom: {secretKeyRef: {name: db, key: 0644, optional: yes}}}\n");
        String env = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(p.spec().migration().env()).toString();
        assertEquals("[{\"name\":\"UMASK\",\"value\":\"0755\"},{\"name\":\"ON\",\"value\":\"on\"},{\"name\":\"RATIO\",\"value\":\"16:9\"},"
                + "{\"name\":\"N\",\"value\":\"5\"},{\"name\":\"S\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"db\",\"key\":\"0644\","
                + "\"optional\":true}}}]", env);
    }

    @Test
    void numbersStayNumbersAndMustBeWhole() {
        assertEquals(493, plan("    command: [migrate]\n    backoffLimit: 0755\n").spec().migration().backoffLimit());
        assertEquals(493, plan("    command: [migrate]\n    backoffLimit: '0755'\n").spec().migration().backoffLimit(),
                "a number field reads text as kubectl reads the plain scalar (an echoed functionConfig holds text)");
        PlanException e = assertThrows(PlanException.class, () -> plan("    command: [migrate]\n    activeDeadlineSeconds: 1.5\n"));
        assertEquals("plan.yaml, document 1 MigrationPlan/p: field spec.migration.activeDeadlineSeconds must be a whole number, not 1.5"
                + " (Kubernetes counts it in whole units)", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "    command: [migrate, ~]|field spec.migration.command[1] is empty (YAML reads a bare null, ~ or nothing as no value); quote it",
            "    command: [migrate]\\n    env: [{name: A, valeu: x}]|unknown field spec.migration.env[0].valeu; did you mean 'value'? (known here: name, value, valueFrom)",
            "    command: [migrate]\\n    env: [{value: x}]|field spec.migration.env[0].name is required (the variable's name)",
            "    command: [migrate]\\n    env: [{name: A, value: ~}]|field spec.migration.env[0].value (A) is empty (YAML reads a bare null, ~ or nothing as no value); write '' for an empty value",
            "    command: [migrate]\\n    env: [{name: A, value: {x: 1}}]|field spec.migration.env[0].value (A) must be text, not a mapping (valueFrom takes a mapping)",
            "    command: [migrate]\\n    env: [{name: A, value: x, valueFrom: {fieldRef: {fieldPath: a}}}]|field spec.migration.env[0] (A) has both value and valueFrom; give one of them",
            "    command: [migrate]\\n    env: [{name: A, valueFrom: {secretRef: {name: db}}}]|unknown field spec.migration.env[0].valueFrom.secretRef; did you mean 'secretKeyRef'?",
            "    command: [migrate]\\n    env: [{name: A, valueFrom: {secretKeyRef: {name: db}}}]|field spec.migration.env[0].valueFrom.secretKeyRef.key is required",
            "    command: [migrate]\\n    env: [{name: A, valueFrom: {secretKeyRef: {name: db, key: k, optinal: true}}}]|unknown field spec.migration.env[0].valueFrom.secretKeyRef.optinal; did you mean 'optional'?",
            "    command: [migrate]\\n    env: [{name: A, valueFrom: {secretKeyRef: {key: k, optional: maybe}}}]|field spec.migration.env[0].valueFrom.secretKeyRef.optional must be true or false, not maybe",
            "    command: [migrate]\\n    env: [{name: A, valueFrom: {fieldRef: {fieldPath: a}, secretKeyRef: {key: k}}}]|field spec.migration.env[0].valueFrom needs exactly one of configMapKeyRef, fieldRef, resourceFieldRef, secretKeyRef (it has fieldRef, secretKeyRef)",
            "    command: [migrate]\\n    env: {A: x}|field spec.migration.env must be a list of {name, value} or {name, valueFrom} entries"})
    void badValuesAreRefusedNamingTheField(String migration, String message) {
        PlanException e = assertThrows(PlanException.class, () -> plan(migration));
        assertTrue(e.getMessage().startsWith("plan.yaml, document 1 MigrationPlan/p: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
